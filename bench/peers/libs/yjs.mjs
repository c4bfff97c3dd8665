// Yjs through its public API: one Y.Doc per replica, the text in
// doc.getText("text"), one doc.transact() per trace transaction.
import * as Y from "yjs";

const LOCAL = Symbol("local");

export const name = "yjs";

// With `capture`, the replica keeps the update of its last local
// transaction (from the "update" event: what Yjs sends to peers).
export function create(agent, capture) {
  const doc = new Y.Doc();
  if (agent !== undefined) doc.clientID = agent + 1;
  const r = { doc, text: doc.getText("text"), update: null };
  if (capture) {
    doc.on("update", (u, origin) => {
      if (origin === LOCAL) r.update = u;
    });
  }
  return r;
}

export function edit(r, patches) {
  r.doc.transact(() => {
    for (const [pos, del, ins] of patches) {
      if (del > 0) r.text.delete(pos, del);
      if (ins !== "") r.text.insert(pos, ins);
    }
  }, LOCAL);
  return r.update;
}

// The updates one merge brings, in causal order.
export function deliver(r, updates) {
  for (const u of updates) Y.applyUpdate(r.doc, u);
}

export const text = (r) => r.text.toString();

// Yjs's whole-document encoding (its save format).
export const save = (r) => Y.encodeStateAsUpdate(r.doc);

export function load(bytes) {
  const r = create(undefined, false);
  Y.applyUpdate(r.doc, bytes);
  return r;
}

// The whole document into an empty replica: encode everything the empty
// replica lacks (its state vector is empty) and apply it.
export function mergeIntoEmpty(r) {
  const empty = create(undefined, false);
  Y.applyUpdate(empty.doc, Y.encodeStateAsUpdate(r.doc, Y.encodeStateVector(empty.doc)));
  return empty;
}
