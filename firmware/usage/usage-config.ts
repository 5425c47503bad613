/**
 * Settings of the usage counters for on-demand maintenance, built like
 * `firmware/config/schema.ts` (default, unit, description for every key).
 *
 * Rope bends follow EN 81-50's "equivalent number of pulleys" (5.12):
 *   N_equiv = N_equiv(t) + N_equiv(p),  N_equiv(p) = K_p · (N_ps + 4 · N_pr),  K_p = (D_t / D_p)^4
 * with N_equiv(t) the traction sheave's equivalent from its groove (EN 81-50 table: U groove
 * without undercut 1; undercut U, β = 75°…105°: 2.5, 3.0, 3.8, 5.0, 6.7, 10, 15.2; V groove,
 * γ = 35°…50°: 18.5, 16, 12, 10, 8, 6.5, 5), N_ps simple and N_pr reverse bends over the other
 * pulleys, D_p their mean diameter. Read from two independent secondary sources (notes on
 * TS EN 81-50:2021 with its Annex E examples, and a public lift-calculation tool) that agree;
 * not from the standard itself: (unverified). The defaults are Annex E's example E.2, a plain
 * 1:1 traction lift: undercut U groove β = 90°, D_t = 600 mm, one deflector of 400 mm,
 * one simple bend, giving 5 + 5.0625 = 10.0625 equivalent bends per trip.
 */
import { z } from "zod";
import { positive, quantity } from "../config/setting.ts";

export const usageSettings = z
  .strictObject({
    traction_sheave_equivalent_bends: quantity(5, "bends", "N_equiv(t): the traction sheave's equivalent number of bends from its groove (undercut U groove, β = 90°: 5; unverified)"),
    traction_sheave_diameter_mm: quantity(600, "mm", "D_t: traction sheave pitch diameter", positive),
    pulley_diameter_mm: quantity(400, "mm", "D_p: mean diameter of the other pulleys (deflectors, car and counterweight pulleys)", positive),
    simple_bends: quantity(1, "bends", "N_ps: simple bends of the rope over pulleys other than the traction sheave, per trip"),
    reverse_bends: quantity(0, "bends", "N_pr: reverse bends (the rope bent the other way within 200 rope diameters), per trip"),
    reverse_bend_weight: quantity(4, "1", "a reverse bend counts as this many simple bends (EN 81-50: 4, unverified)"),
    diameter_ratio_exponent: quantity(4, "1", "K_p = (D_t / D_p) to this power (EN 81-50: 4, unverified)"),
  })
  .prefault({});

export type UsageConfig = z.output<typeof usageSettings>;
