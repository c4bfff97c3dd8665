#include "libsync/wire/pair_codec.h"

#include "libsync/util/bytes.h"
#include "libsync/util/leb128.h"
#include "proto/pair.pb.h"

namespace mutual::wire {
namespace pb = ::mutual::proto;
namespace {

Status Bad(const std::string& why) {
  return Status::PeerViolation("pairing message: " + why);
}

Status CheckExact(const char* what, size_t got, size_t want) {
  if (got == want) return Status::Ok();
  return Bad(std::string(what) + " must be " + std::to_string(want) + " bytes");
}

Status CheckAtMost(const char* what, size_t got, size_t max) {
  if (got > 0 && got <= max) return Status::Ok();
  return Bad(std::string(what) + " is empty or too large");
}

Status Validate(const PairMessage& m) {
  switch (m.kind) {
    case PairKind::kCPace:
      MUTUAL_RETURN_IF_ERROR(CheckExact("point", m.y.size(), kPairPointBytes));
      return CheckExact("AD", m.ad.size(), kPairAdBytes);
    case PairKind::kConfirm:
      return CheckExact("tag", m.tag.size(), kPairTagBytes);
    case PairKind::kJoin:
      MUTUAL_RETURN_IF_ERROR(
          CheckAtMost("device record", m.device_record.size(), kPairMaxRecordBytes));
      if (m.name.empty() || m.name.size() > 256 || !IsValidUtf8(m.name)) {
        return Bad("name must be 1-256 bytes of UTF-8");
      }
      return Status::Ok();
    case PairKind::kWelcome:
      if (m.keys.empty() || m.keys.size() > kPairMaxEpochKeys) {
        return Bad("a welcome carries 1-" + std::to_string(kPairMaxEpochKeys) + " keys");
      }
      for (const PairEpochKey& k : m.keys) {
        MUTUAL_RETURN_IF_ERROR(
            CheckAtMost("sealed key", k.sealed_key.size(), kPairMaxSealedKeyBytes));
      }
      return CheckAtMost("inviter record", m.inviter_record.size(), kPairMaxRecordBytes);
  }
  return Bad("unknown kind");
}

std::string Str(ByteView b) { return std::string(b.begin(), b.end()); }
Bytes Raw(const std::string& s) { return Bytes(s.begin(), s.end()); }

template <size_t N>
Result<FixedBytes<N>> Fixed(const char* what, const std::string& s) {
  MUTUAL_RETURN_IF_ERROR(CheckExact(what, s.size(), N));
  FixedBytes<N> out;
  std::copy(s.begin(), s.end(), out.begin());
  return out;
}

}  // namespace

Result<Bytes> EncodePairMessage(const PairMessage& m) {
  Status valid = Validate(m);
  if (!valid.ok()) return Status::InvalidArgument(valid.message());
  pb::PairMessage p;
  switch (m.kind) {
    case PairKind::kCPace:
      p.mutable_cpace()->set_y(Str(m.y));
      p.mutable_cpace()->set_ad(Str(m.ad));
      break;
    case PairKind::kConfirm:
      p.mutable_confirm()->set_tag(Str(m.tag));
      break;
    case PairKind::kJoin:
      p.mutable_join()->set_device_record(Str(m.device_record));
      p.mutable_join()->set_name(m.name);
      break;
    case PairKind::kWelcome: {
      auto* w = p.mutable_welcome();
      w->set_doc_id(Str(m.doc_id));
      for (const PairEpochKey& k : m.keys) {
        auto* key = w->add_keys();
        key->set_epoch_id(Str(k.epoch_id));
        key->set_sealed_key(Str(k.sealed_key));
      }
      w->set_inviter_record(Str(m.inviter_record));
      break;
    }
  }
  std::string out;
  if (!p.SerializeToString(&out)) return Status::InvalidArgument("cannot serialize");
  return Raw(out);
}

Result<PairMessage> DecodePairMessage(ByteView bytes) {
  if (bytes.size() > kPairMaxMessageBytes) return Bad("too large");
  pb::PairMessage p;
  if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Bad("not a valid protobuf PairMessage");
  }
  PairMessage m;
  switch (p.body_case()) {
    case pb::PairMessage::kCpace:
      m.kind = PairKind::kCPace;
      m.y = Raw(p.cpace().y());
      m.ad = Raw(p.cpace().ad());
      break;
    case pb::PairMessage::kConfirm:
      m.kind = PairKind::kConfirm;
      m.tag = Raw(p.confirm().tag());
      break;
    case pb::PairMessage::kJoin:
      m.kind = PairKind::kJoin;
      m.device_record = Raw(p.join().device_record());
      m.name = p.join().name();
      break;
    case pb::PairMessage::kWelcome: {
      m.kind = PairKind::kWelcome;
      MUTUAL_ASSIGN_OR_RETURN(m.doc_id, Fixed<16>("doc id", p.welcome().doc_id()));
      if (p.welcome().keys_size() > static_cast<int>(kPairMaxEpochKeys)) {
        return Bad("too many keys");
      }
      for (const pb::PairEpochKey& k : p.welcome().keys()) {
        PairEpochKey key;
        MUTUAL_ASSIGN_OR_RETURN(key.epoch_id, Fixed<32>("epoch id", k.epoch_id()));
        key.sealed_key = Raw(k.sealed_key());
        m.keys.push_back(std::move(key));
      }
      m.inviter_record = Raw(p.welcome().inviter_record());
      break;
    }
    case pb::PairMessage::BODY_NOT_SET:
      return Bad("no body (or an unknown kind)");
  }
  MUTUAL_RETURN_IF_ERROR(Validate(m));
  return m;
}

}  // namespace mutual::wire
