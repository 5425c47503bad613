/**
 * A cascade filtered two sections a loop must give the bits of one section after another,
 * each over the whole signal, whatever the number of sections.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Biquad, butterworthHighPass, butterworthLowPass, filterSignal } from "../../../firmware/quality/biquad.ts";
import { weightingWb, weightingWd } from "../../../firmware/quality/iso8041-weighting.ts";

/** The cascade one section at a time, settled as filterSignal settles it. */
function sectionBySection(input: number[], sections: ReturnType<typeof weightingWb>, rateHz: number): Float64Array {
  const chain = sections.filter((section) => section.warpHz < 0.5 * rateHz).map((section) => new Biquad(section, rateHz));
  const output = Float64Array.from(input);
  let level = output[0];
  for (const stage of chain) {
    stage.settle(level);
    level *= stage.dcGain;
  }
  for (const stage of chain) stage.filter(output);
  return output;
}

describe("filterSignal", () => {
  it("gives the bits of its sections applied one after another, for one to five sections", () => {
    const cascades = [[butterworthLowPass(10)], [butterworthLowPass(10), butterworthHighPass(0.4)], weightingWd(), weightingWb(), [...weightingWb(), butterworthLowPass(2)]];
    fc.assert(
      fc.property(fc.constantFrom(...cascades), fc.constantFrom(50, 100, 400), fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 300 }), (sections, rateHz, input) => {
        expect(Array.from(filterSignal(input, sections, rateHz))).toEqual(Array.from(sectionBySection(input, sections, rateHz)));
      }),
      { numRuns: 300 },
    );
  });
});
