import type { ImportEdge } from './importGraph.js';

/** A closed path of imports: each file imports the next, the last imports the first. */
export type ImportCycle = { files: string[]; typeOnly: boolean[] };

function adjacency(edges: ImportEdge[]): Map<string, Map<string, boolean>> {
  const next = new Map<string, Map<string, boolean>>();
  for (const { from, to, typeOnly } of edges) {
    const targets = next.get(from) ?? new Map<string, boolean>();
    // An edge is type-only when every import along it is.
    targets.set(to, (targets.get(to) ?? true) && typeOnly);
    next.set(from, targets);
  }
  return next;
}

/** Groups of files that reach each other through imports (Tarjan), only those that hold a cycle. */
function stronglyConnected(next: Map<string, Map<string, boolean>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of next.get(file)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || next.get(file)?.has(file)) groups.push(group.sort());
  };
  for (const file of [...next.keys()].sort()) if (!index.has(file)) visit(file);
  return groups;
}

/** The shortest way from a file back to itself inside its group (breadth first). */
function shortestCycle(start: string, group: Set<string>, next: Map<string, Map<string, boolean>>): ImportCycle {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at]!;
    for (const target of [...(next.get(file)?.keys() ?? [])].sort()) {
      if (!group.has(target)) continue;
      if (target === start) {
        const files = [file];
        while (files[0] !== start) files.unshift(cameFrom.get(files[0]!)!);
        const typeOnly = files.map((from, i) => next.get(from)!.get(files[(i + 1) % files.length]!)!);
        return { files, typeOnly };
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** One cycle for every group of files that import each other, with the size of the group. */
export function findCycles(edges: ImportEdge[]): { cycle: ImportCycle; groupSize: number }[] {
  const next = adjacency(edges);
  return stronglyConnected(next).map((group) => ({
    cycle: shortestCycle(group[0]!, new Set(group), next),
    groupSize: group.length,
  }));
}

export function describeCycle({ files, typeOnly }: ImportCycle): string {
  const steps = files.map((file, i) => `${file} ${typeOnly[i] ? '─(type)→' : '→'}`);
  return [...steps, files[0]].join('\n    ');
}
