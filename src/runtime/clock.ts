/** The default clock; recognised by the clock-skew correction so hot paths can read `Date.now()` instead. @internal */
export const systemClock = (): Date => new Date();
