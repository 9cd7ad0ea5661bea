// What the web workbench has saved in the browser, for steps that must wait for its periodic
// flush of globalState to IndexedDB (every few seconds) before a reload.

/** Every value the page's IndexedDB databases hold, as one string (runs in the page). */
export async function browserStorageText() {
  const req = (r) =>
    new Promise((res, rej) => {
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
  const text = (v) =>
    typeof v === 'string'
      ? v
      : v instanceof ArrayBuffer || ArrayBuffer.isView(v)
        ? new TextDecoder().decode(v)
        : JSON.stringify(v);
  const out = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await req(indexedDB.open(name));
    for (const storeName of db.objectStoreNames) {
      const os = db.transaction(storeName, 'readonly').objectStore(storeName);
      const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
      keys.forEach((k, i) => out.push(`${text(k)}=${text(values[i])}`));
    }
    db.close();
  }
  return out.join('\n');
}
