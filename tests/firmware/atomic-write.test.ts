/**
 * Results are written beside their file and renamed over it, so a failure never leaves a
 * half-written file that looks like success: also when the text is made and written a piece
 * at a time (writeFileAtomicallyBy), over several of its writes.
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomically, writeFileAtomicallyBy } from "../../firmware/files/atomic-write.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-atomic-"));
/** 3 MB in 30,000 pieces, each with a character of more than one byte */
const pieces = Array.from({ length: 30_000 }, (_, index) => `${String(index).padStart(95, "·")}电\n`);

describe("writeFileAtomicallyBy", () => {
  it("writes every piece in order", () => {
    const file = join(folder, "whole.txt");
    writeFileAtomicallyBy(file, (append) => pieces.forEach(append));
    expect(readFileSync(file, "utf8")).toBe(pieces.join(""));
  });

  it("leaves the old file as it was, and nothing beside it, where making the text fails part way", () => {
    const file = join(folder, "kept.txt");
    writeFileSync(file, "the last good result\n");
    const failing = () =>
      writeFileAtomicallyBy(file, (append) => {
        pieces.forEach(append);
        throw new Error("the simulation broke");
      });
    expect(failing).toThrow("the simulation broke");
    expect(readFileSync(file, "utf8")).toBe("the last good result\n");
    expect(readdirSync(folder).filter((name) => name.startsWith("kept.txt"))).toEqual(["kept.txt"]);
  });

  it("names the file in one line where it cannot be written", () => {
    const file = join(folder, "no-such-folder", "out.txt");
    expect(() => writeFileAtomicallyBy(file, (append) => append("x"))).toThrow(/out\.txt: cannot write \(ENOENT\)/);
    expect(existsSync(file)).toBe(false);
    // Under a file, not a folder: it came out as the raw ENOTDIR of the attempt to tidy up, naming the partial file.
    writeFileSync(join(folder, "a-file"), "");
    const underAFile = join(folder, "a-file", "out.txt");
    expect(() => writeFileAtomically(underAFile, "x")).toThrow(new RegExp(`^${underAFile.replace(/[.\\/]/g, "\\$&")}: cannot write \\(ENOTDIR\\)$`));
  });

  // Renamed over, `--out /dev/stdout` replaced the system's link with a file (a review helper's, as root).
  it("writes through a link to the file it names, and into a device rather than over it", () => {
    const target = join(folder, "target.txt");
    writeFileSync(target, "old\n");
    const link = join(folder, "link.txt");
    symlinkSync(target, link);
    writeFileAtomically(link, "new\n");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("new\n");
    writeFileAtomicallyBy("/dev/null", (append) => append("nothing\n"));
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});
