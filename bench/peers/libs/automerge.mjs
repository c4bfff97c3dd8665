// Automerge through its public API: a document {text: ""} whose string is
// collaborative text, one Automerge.change() per trace transaction with
// Automerge.splice() for each patch.
import * as A from "@automerge/automerge";

export const name = "automerge";

// Every replica starts from the same initial change (the object holding
// the text), as Automerge's docs advise for replicas that will merge.
let initial = null;
function initialChange() {
  if (initial === null) {
    const seed = A.change(A.init({ actor: "00" }), (d) => {
      d.text = "";
    });
    initial = A.getLastLocalChange(seed);
  }
  return initial;
}

// Automerge returns the change bytes on request, so `capture` needs nothing
// kept.
export function create(agent, capture) {
  const actor = (agent + 1).toString(16).padStart(2, "0").repeat(8);
  const [doc] = A.applyChanges(A.init({ actor }), [initialChange()]);
  return { doc, capture };
}

export function edit(r, patches) {
  r.doc = A.change(r.doc, (d) => {
    for (const [pos, del, ins] of patches) A.splice(d, ["text"], pos, del, ins);
  });
  return r.capture ? A.getLastLocalChange(r.doc) : null;
}

// The changes one merge brings, in causal order.
export function deliver(r, changes) {
  [r.doc] = A.applyChanges(r.doc, changes);
}

export const text = (r) => r.doc.text;

export const save = (r) => A.save(r.doc);

export const load = (bytes) => ({ doc: A.load(bytes) });

export const mergeIntoEmpty = (r) => ({ doc: A.merge(A.init(), r.doc) });
