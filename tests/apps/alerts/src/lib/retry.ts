// A project function named `fetch`: what it fetches is checked, the name itself is not.
export async function fetch(url: string, attempts = 3): Promise<Response> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await globalThis.fetch(url);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
