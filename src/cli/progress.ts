/** A one-line progress bar on stderr for long CLI work; plain lines when not on a terminal. */
export class ProgressBar {
  private lastDraw = 0;
  private lastPercent = -1;
  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, note = ''): void {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const now = Date.now();
    if (this.stream.isTTY) {
      if (now - this.lastDraw < 50 && done < total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.stream.write(`\r${this.label} ${bar} ${percent}% (${done}/${total}) ${note}`.padEnd(100).slice(0, 120));
    } else if (percent >= this.lastPercent + 10 || done === total) {
      this.lastPercent = percent;
      this.stream.write(`${this.label} ${percent}% (${done}/${total}) ${note}\n`);
    }
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
