/**
 * Progress of long work (a long simulation, a calibration, a fleet run): a bar when the
 * stream is a terminal (cli-progress, redrawn synchronously so it moves during synchronous
 * work), plain lines every tenth otherwise, so logs and CI stay readable.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  /** `done` of the total, in the total's unit. */
  update(done: number): void;
  stop(): void;
}

export function progress(label: string, total: number, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} eta {eta_formatted}`, stream, synchronousUpdate: true, hideCursor: true });
    bar.start(total, 0);
    return { update: (done) => bar.update(Math.min(done, total)), stop: () => bar.stop() };
  }
  let reportedTenth = 0;
  return {
    update(done) {
      const tenth = Math.floor((10 * Math.min(done, total)) / total);
      if (tenth <= reportedTenth) return;
      reportedTenth = tenth;
      stream.write(`${label}: ${tenth * 10} % (${Math.round(Math.min(done, total))} of ${total} ${unit})\n`);
    },
    stop() {},
  };
}
