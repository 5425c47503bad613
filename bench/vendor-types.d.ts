/**
 * The part of vega-statistics 2.x that the benchmarks use. It ships no type declarations;
 * this is written from its source (node_modules/vega-statistics/src/regression/linear.js).
 */
declare module "vega-statistics" {
  /** Ordinary least squares: y = coef[0] + coef[1]·x over the points `x` and `y` read from `data`. */
  export function regressionLinear<T>(data: T[], x: (datum: T) => number, y: (datum: T) => number): { coef: [number, number]; predict(x: number): number; rSquared: number };
}
