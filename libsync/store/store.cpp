#include "libsync/store/store.h"

#include <sodium.h>

#include <algorithm>

namespace mutual::store {
namespace {

constexpr std::string_view kKeyCheckSlot = "store_meta.key_check";
constexpr std::string_view kKeyCheckPlain = "mutual storage key check";
constexpr std::string_view kSecretsSlot = "identity.secrets";
constexpr std::string_view kNameSlot = "identity.name";
constexpr uint8_t kSecretsVersion = 1;
constexpr size_t kSecretsBytes = 1 + 32 * 3;
const uint8_t kIdentityRow[] = {1};

}  // namespace

const char* EnvelopeStateName(EnvelopeState state) {
  switch (state) {
    case EnvelopeState::kApplied:
      return "applied";
    case EnvelopeState::kPending:
      return "pending";
    case EnvelopeState::kVoid:
      return "void";
  }
  return "void";
}

Result<Store> Store::Open(const std::string& path, const StorageKey& key,
                          Database::Options options) {
  MUTUAL_ASSIGN_OR_RETURN(Database db, Database::Open(path, options));
  Store store(std::move(db), key);
  MUTUAL_RETURN_IF_ERROR(store.CheckStorageKey());
  return store;
}

Status Store::CheckStorageKey() {
  MUTUAL_ASSIGN_OR_RETURN(Transaction txn, Begin());
  {
    MUTUAL_ASSIGN_OR_RETURN(
        Statement get,
        db_.Prepare("SELECT value FROM store_meta WHERE name = 'key_check'"));
    MUTUAL_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) {
      if (!OpenAtRest(key_, kKeyCheckSlot, {}, get.ColumnBlob(0)).ok()) {
        return Status::PermissionDenied("the storage key does not belong to database " +
                                        db_.path() + " (wrong key file?)");
      }
      return Status::Ok();  // read only: the transaction rolls back harmlessly
    }
  }
  MUTUAL_ASSIGN_OR_RETURN(
      Statement put,
      db_.Prepare("INSERT INTO store_meta (name, value) VALUES ('key_check', ?1)"));
  MUTUAL_RETURN_IF_ERROR(
      put.BindBlob(1, SealAtRest(key_, kKeyCheckSlot, {}, AsBytes(kKeyCheckPlain))));
  MUTUAL_RETURN_IF_ERROR(put.Run());
  return txn.Commit();
}

Status Store::SaveIdentity(const crypto::DeviceSecrets& secrets, std::string_view name) {
  Bytes plain;
  plain.reserve(kSecretsBytes);
  plain.push_back(kSecretsVersion);
  Append(plain, secrets.identity.seed());
  Append(plain, secrets.noise_static.secret());
  Append(plain, secrets.delivery.secret());
  Bytes sealed = SealAtRest(key_, kSecretsSlot, kIdentityRow, plain);
  sodium_memzero(plain.data(), plain.size());
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT INTO identity (slot, secrets_sealed, name_sealed) VALUES (1, ?1, ?2)"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, sealed));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kNameSlot, kIdentityRow, AsBytes(name))));
  Status s = st.Run();
  if (s.IsAlreadyExists())
    return Status::AlreadyExists("this device already has an identity");
  return s;
}

Result<Identity> Store::LoadIdentity() {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("SELECT secrets_sealed, name_sealed FROM identity WHERE slot = 1"));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::NotFound("this device has no identity yet");
  MUTUAL_ASSIGN_OR_RETURN(Bytes plain,
                          OpenAtRest(key_, kSecretsSlot, kIdentityRow, st.ColumnBlob(0)));
  MUTUAL_ASSIGN_OR_RETURN(Bytes name,
                          OpenAtRest(key_, kNameSlot, kIdentityRow, st.ColumnBlob(1)));
  if (plain.size() != kSecretsBytes || plain[0] != kSecretsVersion) {
    sodium_memzero(plain.data(), plain.size());
    return Status::Corruption("stored device secrets are malformed");
  }
  FixedBytes<32> parts[3];
  for (int i = 0; i < 3; ++i) {
    std::copy_n(plain.begin() + 1 + 32 * i, 32, parts[i].begin());
  }
  sodium_memzero(plain.data(), plain.size());
  Identity identity{crypto::DeviceSecrets{crypto::SigningKey::FromSeed(parts[0]),
                                          crypto::X25519KeyPair::FromSecret(parts[1]),
                                          crypto::X25519KeyPair::FromSecret(parts[2])},
                    std::string(AsChars(name))};
  for (auto& p : parts) sodium_memzero(p.data(), p.size());
  return identity;
}

}  // namespace mutual::store
