/**
 * Listener sets for pins and inputs: the same function added twice is told twice, and each
 * unsubscribe removes only its own registration.
 */

/** Adds `listener` to `listeners`; returns what removes this registration. */
export function addListener<Args extends unknown[]>(listeners: Set<(...args: Args) => void>, listener: (...args: Args) => void): () => void {
  const registration = (...args: Args) => listener(...args);
  listeners.add(registration);
  return () => listeners.delete(registration);
}

/** A way for others to subscribe to `listeners` (each subscription returns what ends it). */
export function subscriberTo<Args extends unknown[]>(listeners: Set<(...args: Args) => void>): (listener: (...args: Args) => void) => () => void {
  return (listener) => addListener(listeners, listener);
}
