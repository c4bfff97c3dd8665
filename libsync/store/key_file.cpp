#include "libsync/store/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "libsync/store/file_util.h"
#include "libsync/util/leb128.h"

namespace mutual::store {
namespace {

constexpr std::string_view kMagic = "mutual-storage-key";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kKindPlain = 0;
constexpr uint8_t kKindPassphrase = 1;
constexpr size_t kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kWrappedBytes = 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES;
// Generous: the largest real file is well under 200 bytes.
constexpr size_t kMaxKeyFileBytes = 1024;
static_assert(kSaltBytes == 16);

Status CheckParams(const PwhashParams& p) {
  if (p.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || p.opslimit > kMaxOpslimit ||
      p.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || p.memlimit > kMaxMemlimit) {
    return Status::InvalidArgument("Argon2id parameters out of bounds");
  }
  return Status::Ok();
}

// The wrapping key for `passphrase`. Secret: the caller wipes it.
Result<FixedBytes<32>> DeriveKey(std::string_view passphrase, ByteView salt,
                                 const PwhashParams& p) {
  FixedBytes<32> out;
  if (crypto_pwhash(out.data(), out.size(), passphrase.data(), passphrase.size(),
                    salt.data(), p.opslimit, static_cast<size_t>(p.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::IOError("Argon2id key derivation failed (out of memory?)");
  }
  return out;
}

void WriteHeader(ByteWriter& w, uint8_t kind) {
  w.Raw(AsBytes(kMagic));
  w.U8(kVersion);
  w.U8(kind);
}

// Parses up to and including the kind byte.
Result<uint8_t> ReadHeader(ByteReader& r) {
  auto magic = r.Raw(kMagic.size());
  if (!magic.ok() || AsChars(*magic) != kMagic) {
    return Status::Corruption("not a mutual storage key file (bad magic)");
  }
  auto version = r.U8();
  if (!version.ok()) return Status::Corruption("storage key file is truncated");
  if (*version != kVersion) {
    return Status::Corruption("storage key file has unknown version " +
                              std::to_string(*version));
  }
  auto kind = r.U8();
  if (!kind.ok()) return Status::Corruption("storage key file is truncated");
  if (*kind != kKindPlain && *kind != kKindPassphrase) {
    return Status::Corruption("storage key file has unknown kind");
  }
  return *kind;
}

Status Malformed() { return Status::Corruption("storage key file is malformed"); }

}  // namespace

PwhashParams PwhashParams::Default() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE,
          crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}

PwhashParams PwhashParams::Cheapest() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

Result<Bytes> EncodeKeyFile(const StorageKey& key,
                            std::optional<std::string_view> passphrase,
                            const PwhashParams& params) {
  ByteWriter w(128);
  if (!passphrase) {
    WriteHeader(w, kKindPlain);
    w.Raw(key.bytes());
    return w.Take();
  }
  if (passphrase->empty()) return Status::InvalidArgument("the passphrase is empty");
  MUTUAL_RETURN_IF_ERROR(CheckParams(params));
  WriteHeader(w, kKindPassphrase);
  w.Varint(params.opslimit);
  w.Varint(params.memlimit);
  FixedBytes<kSaltBytes> salt;
  randombytes_buf(salt.data(), salt.size());
  w.Raw(salt);
  Bytes ad = w.bytes();
  MUTUAL_ASSIGN_OR_RETURN(FixedBytes<32> wrapping, DeriveKey(*passphrase, salt, params));
  FixedBytes<kNonceBytes> nonce;
  randombytes_buf(nonce.data(), nonce.size());
  FixedBytes<kWrappedBytes> wrapped;
  unsigned long long wlen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), &wlen, key.bytes().data(),
                                             key.bytes().size(), ad.data(), ad.size(),
                                             nullptr, nonce.data(), wrapping.data());
  sodium_memzero(wrapping.data(), wrapping.size());
  w.Raw(nonce);
  w.Raw(wrapped);
  return w.Take();
}

Result<KeyFileKind> KeyFileKindOf(ByteView bytes) {
  ByteReader r(bytes);
  MUTUAL_ASSIGN_OR_RETURN(uint8_t kind, ReadHeader(r));
  return kind == kKindPlain ? KeyFileKind::kPlain : KeyFileKind::kPassphrase;
}

Result<StorageKey> DecodeKeyFile(ByteView bytes,
                                 std::optional<std::string_view> passphrase) {
  if (bytes.size() > kMaxKeyFileBytes) return Malformed();
  ByteReader r(bytes);
  MUTUAL_ASSIGN_OR_RETURN(uint8_t kind, ReadHeader(r));
  if (kind == kKindPlain) {
    auto key = r.Fixed<32>();
    if (!key.ok() || !r.ExpectEnd().ok()) return Malformed();
    if (passphrase) {
      return Status::FailedPrecondition(
          "this storage key file has no passphrase, but one was given");
    }
    StorageKey out = StorageKey::FromBytes(*key);
    sodium_memzero(key->data(), key->size());
    return out;
  }
  PwhashParams params;
  auto ops = r.Varint();
  auto mem = ops.ok() ? r.Varint() : Result<uint64_t>(ops.status());
  if (!ops.ok() || !mem.ok()) return Malformed();
  params.opslimit = *ops;
  params.memlimit = *mem;
  if (!CheckParams(params).ok()) {
    return Status::Corruption("storage key file has Argon2id parameters out of bounds");
  }
  auto salt = r.Raw(kSaltBytes);
  if (!salt.ok()) return Malformed();
  size_t ad_len = r.position();  // everything before the nonce
  auto nonce = r.Raw(kNonceBytes);
  auto wrapped = nonce.ok() ? r.Raw(kWrappedBytes) : Result<ByteView>(nonce.status());
  if (!wrapped.ok() || !r.ExpectEnd().ok()) return Malformed();
  if (!passphrase) {
    return Status::FailedPrecondition(
        "the storage key is protected by a passphrase; unlock with the passphrase");
  }
  MUTUAL_ASSIGN_OR_RETURN(FixedBytes<32> wrapping, DeriveKey(*passphrase, *salt, params));
  FixedBytes<32> key;
  unsigned long long klen = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      key.data(), &klen, nullptr, wrapped->data(), wrapped->size(), bytes.data(), ad_len,
      nonce->data(), wrapping.data());
  sodium_memzero(wrapping.data(), wrapping.size());
  if (rc != 0) {
    return Status::PermissionDenied(
        "wrong passphrase (or the storage key file was modified)");
  }
  StorageKey out = StorageKey::FromBytes(key);
  sodium_memzero(key.data(), key.size());
  return out;
}

namespace {

Status WriteKeyFile(const std::string& path, const StorageKey& key,
                    std::optional<std::string_view> passphrase,
                    const PwhashParams& params, bool replace) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes bytes, EncodeKeyFile(key, passphrase, params));
  Status st = WriteFileAtomically(path, bytes, replace);
  sodium_memzero(bytes.data(), bytes.size());
  return st;
}

}  // namespace

Status CreateKeyFile(const std::string& path, const StorageKey& key,
                     std::optional<std::string_view> passphrase,
                     const PwhashParams& params) {
  return WriteKeyFile(path, key, passphrase, params, /*replace=*/false);
}

Status ReplaceKeyFile(const std::string& path, const StorageKey& key,
                      std::optional<std::string_view> passphrase,
                      const PwhashParams& params) {
  return WriteKeyFile(path, key, passphrase, params, /*replace=*/true);
}

Result<Bytes> ReadKeyFileBytes(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP) {
      return Status::FailedPrecondition("storage key file " + path +
                                        " is a symbolic link");
    }
    return ErrnoStatus("cannot open storage key file " + path, errno);
  }
  struct stat st;
  Status status;
  if (::fstat(fd, &st) != 0) {
    status = ErrnoStatus("cannot stat storage key file " + path, errno);
  } else if (!S_ISREG(st.st_mode)) {
    status =
        Status::FailedPrecondition("storage key file " + path + " is not a regular file");
  } else if (st.st_uid != ::geteuid()) {
    status = Status::PermissionDenied("storage key file " + path +
                                      " belongs to another user; refusing to use it");
  } else if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    status = Status::PermissionDenied(
        "storage key file " + path + " is accessible by group or others (mode " + mode +
        "); anyone who can read it can read your plans. Run: chmod 600 " + path);
  }
  Bytes bytes;
  if (status.ok()) {
    bytes.resize(kMaxKeyFileBytes + 1);
    auto got = ReadFully(fd, bytes.data(), bytes.size());
    if (!got.ok()) {
      status = got.status().WithContext("storage key file " + path);
    } else if (*got > kMaxKeyFileBytes) {
      status = Status::Corruption("storage key file " + path + " is too large");
    } else {
      bytes.resize(*got);
    }
  }
  ::close(fd);
  if (!status.ok()) return status;
  return bytes;
}

Result<StorageKey> ReadKeyFile(const std::string& path,
                               std::optional<std::string_view> passphrase) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes bytes, ReadKeyFileBytes(path));
  auto key = DecodeKeyFile(bytes, passphrase);
  sodium_memzero(bytes.data(), bytes.size());
  if (!key.ok()) return key.status().WithContext("storage key file " + path);
  return key;
}

}  // namespace mutual::store
