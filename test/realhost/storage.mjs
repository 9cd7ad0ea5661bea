// What the web workbench has saved in the browser: read by the leak scan, and by steps that must
// wait for its periodic flush of globalState to IndexedDB (every few seconds) before a reload.

/** Runs in a page or frame: localStorage, sessionStorage and every IndexedDB record, decoded. */
export async function dumpBrowserStorage() {
  const out = [];
  const text = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return new TextDecoder().decode(v);
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  for (const [kind, store] of [
    ['localStorage', localStorage],
    ['sessionStorage', sessionStorage],
  ]) {
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      out.push({ where: kind, key: k, value: store.getItem(k) ?? '' });
    }
  }
  const req = (r) =>
    new Promise((res, rej) => {
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
  for (const { name } of await indexedDB.databases()) {
    const db = await req(indexedDB.open(name));
    for (const storeName of db.objectStoreNames) {
      const os = db.transaction(storeName, 'readonly').objectStore(storeName);
      const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
      keys.forEach((k, i) =>
        out.push({ where: `indexedDB ${name}/${storeName}`, key: text(k), value: text(values[i]) }),
      );
    }
    db.close();
  }
  return { origin: location.origin, entries: out };
}

/** The page's IndexedDB records as `key=value` lines (what a reload will find). */
export async function indexedDbText(page) {
  const { entries } = await page.evaluate(dumpBrowserStorage);
  return entries
    .filter((e) => e.where.startsWith('indexedDB'))
    .map((e) => `${e.key}=${e.value}`)
    .join('\n');
}
