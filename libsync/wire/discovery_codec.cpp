#include "libsync/wire/discovery_codec.h"

#include <algorithm>
#include <string>

#include "proto/discovery.pb.h"

namespace mutual::wire {
namespace pb = ::mutual::proto;
namespace {

constexpr uint32_t kBeaconVersion = 1;

Status Bad(const std::string& why) { return Status::PeerViolation("beacon: " + why); }

Status CheckPort(uint32_t port) {
  return port >= 1 && port <= 65535 ? Status::Ok() : Bad("port must be 1-65535");
}

Status Validate(const Beacon& b) {
  MUTUAL_RETURN_IF_ERROR(CheckPort(b.port));
  switch (b.kind) {
    case BeaconKind::kMember:
      if (b.tokens.empty() || b.tokens.size() > kMaxBeaconTokens) {
        return Bad("must carry 1-" + std::to_string(kMaxBeaconTokens) + " tokens");
      }
      return Status::Ok();
    case BeaconKind::kInvite:
      if (b.channel < 1 || b.channel > kMaxBeaconChannel) {
        return Bad("channel must be 1-" + std::to_string(kMaxBeaconChannel));
      }
      return Status::Ok();
  }
  return Bad("unknown kind");
}

template <size_t N>
Result<FixedBytes<N>> Fixed(const char* what, const std::string& s) {
  if (s.size() != N)
    return Bad(std::string(what) + " must be " + std::to_string(N) + " bytes");
  FixedBytes<N> out;
  std::copy(s.begin(), s.end(), out.begin());
  return out;
}

template <size_t N>
std::string Str(const FixedBytes<N>& b) {
  return std::string(b.begin(), b.end());
}

Result<Beacon> FromProto(const pb::Beacon& p) {
  if (p.version() != kBeaconVersion) return Bad("unknown version");
  Beacon b;
  switch (p.body_case()) {
    case pb::Beacon::kMember: {
      const pb::MemberBeacon& m = p.member();
      b.kind = BeaconKind::kMember;
      MUTUAL_RETURN_IF_ERROR(CheckPort(m.port()));
      b.port = static_cast<uint16_t>(m.port());
      MUTUAL_ASSIGN_OR_RETURN(b.salt, Fixed<kBeaconSaltBytes>("salt", m.salt()));
      if (m.tokens_size() > static_cast<int>(kMaxBeaconTokens))
        return Bad("too many tokens");
      for (const std::string& t : m.tokens()) {
        MUTUAL_ASSIGN_OR_RETURN(auto token, Fixed<kBeaconTokenBytes>("token", t));
        b.tokens.push_back(token);
      }
      break;
    }
    case pb::Beacon::kInvite: {
      const pb::InviteBeacon& i = p.invite();
      b.kind = BeaconKind::kInvite;
      MUTUAL_RETURN_IF_ERROR(CheckPort(i.port()));
      b.port = static_cast<uint16_t>(i.port());
      if (i.channel() > kMaxBeaconChannel) return Bad("channel out of range");
      b.channel = static_cast<uint16_t>(i.channel());
      break;
    }
    case pb::Beacon::BODY_NOT_SET:
      return Bad("no body (or an unknown kind)");
  }
  MUTUAL_RETURN_IF_ERROR(Validate(b));
  return b;
}

}  // namespace

Result<Bytes> EncodeBeacon(const Beacon& b) {
  Status valid = Validate(b);
  if (!valid.ok()) return Status::InvalidArgument(valid.message());
  pb::Beacon p;
  p.set_version(kBeaconVersion);
  if (b.kind == BeaconKind::kMember) {
    pb::MemberBeacon* m = p.mutable_member();
    m->set_port(b.port);
    m->set_salt(Str(b.salt));
    for (const auto& t : b.tokens) m->add_tokens(Str(t));
  } else {
    pb::InviteBeacon* i = p.mutable_invite();
    i->set_port(b.port);
    i->set_channel(b.channel);
  }
  std::string out;
  if (!p.SerializeToString(&out)) return Status::InvalidArgument("cannot serialize");
  if (out.size() > kMaxBeaconBytes) return Status::InvalidArgument("beacon too large");
  return Bytes(out.begin(), out.end());
}

Result<Beacon> DecodeBeacon(ByteView datagram) {
  if (datagram.size() > kMaxBeaconBytes) return Bad("too large");
  pb::Beacon p;
  if (!p.ParseFromArray(datagram.data(), static_cast<int>(datagram.size()))) {
    return Bad("not a valid protobuf Beacon");
  }
  return FromProto(p);
}

}  // namespace mutual::wire
