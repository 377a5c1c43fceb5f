#include "sync/storage.hpp"

namespace followup::sync {

WriteOutcome write_one(Storage& store, const WriteOp& op) {
  WriteOutcome outcome;
  try {
    switch (op.kind) {
      case WriteOp::Kind::Create:
        outcome.ref = store.create(op.uid, op.ics);
        break;
      case WriteOp::Kind::Update:
        outcome.ref = store.update(op.ref, op.ics);
        break;
      case WriteOp::Kind::Remove:
        store.remove(op.ref);
        outcome.ref = op.ref;
        break;
    }
  } catch (...) {
    outcome.error = std::current_exception();
  }
  return outcome;
}

std::vector<WriteOutcome> Storage::write_all(const std::vector<WriteOp>& ops, const WriteDone& done) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    outcomes.push_back(write_one(*this, ops[i]));
    if (done) done(i, outcomes.back());
  }
  return outcomes;
}

}  // namespace followup::sync
