/**
 * Gathers a lazy read into arrays of at most `size` items, for an engine whose client hands
 * over one event at a time (EventStoreDB's gRPC stream), so that it can offer `readAllPages`.
 */
export async function* inPages<Item>(items: AsyncIterable<Item>, size: number): AsyncGenerator<Item[]> {
  let page: Item[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
