// A minimal observable store (the shape of zustand's vanilla store): one
// immutable state value, replaced by setState, with listeners called after
// each change. UI modules subscribe; the network core writes. No DOM.

export type Listener<T> = (state: T, previous: T) => void;

export interface Store<T> {
  getState(): T;
  /** Shallow-merges `partial` (or the result of `update(state)`) into the state. */
  setState(partial: Partial<T> | ((state: T) => Partial<T>)): void;
  /** Calls `listener` after every change; returns the function that unsubscribes. */
  subscribe(listener: Listener<T>): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  return {
    getState: () => state,
    setState(partial) {
      const patch = typeof partial === 'function' ? partial(state) : partial;
      if (Object.keys(patch).every((key) => Object.is(patch[key as keyof T], state[key as keyof T]))) return;
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
