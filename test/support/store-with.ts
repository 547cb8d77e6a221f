import type { EventStore } from '../../src/store/index.js';

/**
 * A real store with some of its methods replaced (to fail like a full disk, to hold a read):
 * everything else goes to the store itself, bound to it.
 */
export function storeWith(store: EventStore, replaced: Partial<EventStore>): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property as keyof EventStore];
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
