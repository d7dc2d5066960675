import { Agent } from 'node:http';
import { type Answer, callJson, type Method } from '../loadClient.js';

export interface SoakHttp {
  /** HTTP calls answered so far, shoppers' and staff's. */
  calls(): number;
  /** A shopper's call: JSON in and out, with the portal token when there is one, and the shopper's
   * device and IP headers (`client`, see BenchOrder). */
  shopper(method: Method, path: string, body?: unknown, token?: string, client?: Record<string, string>): Promise<Answer>;
  close(): void;
}

/** The calls a shopper's browser makes to one server, over at most `sockets` kept-alive connections;
 * `counted` is the same for a staff session (staffSession in bench/staffHttp.ts). */
export function soakHttp(baseUrl: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  let answered = 0;
  const counted = async (method: Method, path: string, body: unknown, headers: Record<string, string>) => {
    const answer = await callJson(agent, base, method, path, body, headers);
    answered++;
    return answer;
  };
  return {
    counted,
    calls: () => answered,
    shopper: (method: Method, path: string, body?: unknown, token?: string, client: Record<string, string> = {}) =>
      counted(method, path, body, token ? { ...client, authorization: `Bearer ${token}` } : client),
    close: () => agent.destroy(),
  };
}
