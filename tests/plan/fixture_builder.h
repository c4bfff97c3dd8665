// FixtureBuilder: builds a sample plan of data/fixtures/ through the Plan
// API — one replica per device, exchanging changes, with the histories the
// fixtures' notes describe (versions, endorsements, a concurrent scalar
// edit, withdrawals, revisits, a removal proposal, suggestions, acks,
// responses, a debrief). Used by the plan fixture tests and, sealed into a
// real device home, by the integration tests.
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "libsync/plan/layout.h"
#include "tests/plan/plan_harness.h"
#include "tests/support/data_files.h"

namespace mutual::plan::testing {

using json = nlohmann::json;

class FixtureBuilder {
 public:
  explicit FixtureBuilder(const json& plan) : plan_(plan) {}

  void Build() {
    CreatePlanAndMembers();
    for (const json& item : plan_["items"]) BuildItem(item);
    SyncAll();
  }

  // Devices by fixture device name; the replica's secrets are that device's.
  const std::map<std::string, std::unique_ptr<Replica>>& devices() const {
    return devices_;
  }
  // The plan's item id for a fixture item id ("r1").
  const std::string& ItemId(const std::string& fixture_id) const {
    return ids_.at(fixture_id);
  }

  void CheckEveryItem() {
    for (const json& item : plan_["items"]) {
      const std::string fid = item["id"];
      const std::string id = ids_.at(fid);
      for (auto& [name, r] : devices_) {
        INFO("item " << fid << " on " << name);
        ItemView v = ItemOf(*r, id);
        CHECK(StateName(v.state) == item["expect_state"].get<std::string>());
        if (item.contains("last_agreed")) CheckLastAgreed(item, v);
      }
    }
  }

 private:
  Replica& Device(const std::string& name) { return *devices_.at(name); }
  Replica& First(const std::string& member) { return Device(first_device_.at(member)); }
  int64_t Now() { return now_ += 1000; }

  void SyncAll() {
    for (int round = 0; round < 2; ++round) {
      for (auto& [n1, from] : devices_) {
        for (auto& [n2, to] : devices_) {
          if (from != to) Deliver(*from, *to);
        }
      }
    }
  }

  void CreatePlanAndMembers() {
    const json& members = plan_["members"];
    for (const json& m : members) {
      first_device_[m["id"]] = m["devices"][0];
      for (const json& d : m["devices"]) devices_[d] = std::make_unique<Replica>();
    }
    const json& founder = members[0];
    Replica& f = First(founder["id"]);
    Must(f.plan.Create(plan_["title"].get<std::string>(),
                       plan_["template"].get<std::string>(),
                       founder["name"].get<std::string>(), f.record, Now()));
    REQUIRE(f.plan.member() == founder["id"].get<std::string>());
    for (size_t i = 1; i < members.size(); ++i) {
      Replica& d = First(members[i]["id"]);
      Must(f.plan.AddMember(members[i]["name"].get<std::string>(), d.record, Now()));
    }
    SyncAll();
    for (const json& m : members) {
      Replica& first = First(m["id"]);
      REQUIRE(first.plan.member() == m["id"].get<std::string>());
      for (size_t i = 1; i < m["devices"].size(); ++i) {
        Must(first.plan.AddDevice(Device(m["devices"][i]).record, Now()));
      }
    }
    SyncAll();
  }

  // Flattens a fixture's fields into dotted paths (skipping conflict
  // entries, which BuildItem plays out as concurrent edits).
  static void Flatten(const json& obj, const std::string& prefix,
                      std::map<std::string, std::string>& out) {
    for (auto& [key, value] : obj.items()) {
      std::string path = prefix.empty() ? key : prefix + "." + key;
      if (value.is_object()) {
        if (!value.contains("conflict")) Flatten(value, path, out);
      } else if (value.is_boolean()) {
        out[path] = value.get<bool>() ? "true" : "false";
      } else if (value.is_string()) {
        out[path] = value.get<std::string>();
      }
    }
  }

  // Splits fields into the author's part and other members' own parts.
  static std::map<std::string, std::map<std::string, std::string>> ByWriter(
      const std::map<std::string, std::string>& fields, const std::string& author) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& [path, value] : fields) {
      std::string writer = author;
      if (path.rfind("per_member.", 0) == 0)
        writer = path.substr(11, path.find('.', 11) - 11);
      out[writer][path] = value;
    }
    return out;
  }

  void Endorse(const json& item, int version) {
    const std::string tag =
        "h:" + item["id"].get<std::string>() + ".v" + std::to_string(version);
    for (const json& e : item.value("endorsements", json::array())) {
      if (e["hash"] == tag) {
        Must(First(e["member"]).plan.Agree(ids_.at(item["id"]), Now()));
        SyncAll();
      }
    }
  }

  void BuildItem(const json& item) {
    const std::string fid = item["id"];
    const std::string author = item["author"];
    std::map<std::string, std::string> final_fields, v1_fields;
    Flatten(item["fields"], "", final_fields);
    if (item.contains("versions")) {
      Flatten(item["versions"]["h:" + fid + ".v1"], "", v1_fields);
    } else if (item.contains("last_agreed") && item["last_agreed"].is_object()) {
      Flatten(item["last_agreed"]["fields"], "", v1_fields);
    } else {
      v1_fields = final_fields;
    }
    // Version 1, written by the author and (their own parts) each member.
    auto parts = ByWriter(v1_fields, author);
    NewItem n = testing::Item(
        item["section"], parts[author], item["kind"],
        item["about"].is_string()
            ? item["about"].get<std::string>()
            : layout::EncodeAbout(item["about"].get<std::vector<std::string>>()));
    n.review_by = item.value("review_by", "");
    auto created = Must(First(author).plan.AddItem(n, Now()));
    const std::string id = created.id;
    ids_[fid] = id;
    SyncAll();
    for (const auto& [writer, fields] : parts) {
      if (writer != author) Must(First(writer).plan.Edit(id, fields, Now()));
    }
    SyncAll();
    hashes_["h:" + fid + ".v1"] = ItemOf(First(author), id).content_hash_hex;
    if (item.contains("last_agreed") && item["last_agreed"].is_object() &&
        item["last_agreed"]["hash"] == "h:" + fid + ".v1") {
      // Everyone agreed to version 1 (that is what last_agreed says); the
      // endorsement list shows each member's stance now.
      for (const json& m : plan_["members"]) {
        Must(First(m["id"]).plan.Agree(id, Now()));
        SyncAll();
      }
    } else {
      Endorse(item, 1);
    }

    if (v1_fields != final_fields) {
      // Version 2: an edit by whoever the fixture names.
      std::string editor = item.value("edited_by", author);
      std::map<std::string, std::string> diff;
      for (const auto& [path, value] : final_fields) {
        if (v1_fields[path] != value) diff[path] = value;
      }
      if (!diff.empty()) {
        Must(First(editor).plan.Edit(id, diff, Now()));
        SyncAll();
        hashes_["h:" + fid + ".v2"] = ItemOf(First(author), id).content_hash_hex;
        Endorse(item, 2);
      }
    }
    PlayConflicts(item, id);
    PlayTheRest(item, id);
  }

  // A scalar written {conflict: [{by, value, device}, ...]}: each device
  // sets its value before any of them hears of the others.
  void PlayConflicts(const json& item, const std::string& id) {
    for (auto& [key, value] : item["fields"].items()) {
      if (!value.is_object() || !value.contains("conflict")) continue;
      for (const json& c : value["conflict"]) {
        Must(Device(c["device"])
                 .plan.Edit(id, {{key, c["value"].get<std::string>()}}, Now()));
      }
      SyncAll();
    }
  }

  void PlayTheRest(const json& item, const std::string& id) {
    for (const json& f : item.value("flags", json::array())) {
      Replica& r = First(f["member"]);
      if (f["type"] == "withdraw")
        Must(r.plan.Withdraw(id, f.value("reason", ""), Now()));
      if (f["type"] == "revisit") Must(r.plan.Revisit(id, f.value("reason", ""), Now()));
      SyncAll();
    }
    for (const json& s : item.value("suggestions", json::array())) {
      Must(First(s["by"]).plan.Suggest(id, s["field"].get<std::string>(),
                                       s["text"].get<std::string>(), Now()));
      SyncAll();
    }
    for (const json& r : item.value("responses", json::array())) {
      Must(First(r["from"]).plan.Respond(id, r["text"].get<std::string>(), Now()));
      SyncAll();
    }
    for (const json& m : item.value("acks", json::array())) {
      Must(First(m).plan.Ack(id, Now()));
      SyncAll();
    }
    if (item.contains("removal")) {
      const json& removal = item["removal"];
      Must(First(removal["proposed_by"])
               .plan.Remove(id, removal.value("reason", ""), Now()));
      SyncAll();
    }
  }

  void CheckLastAgreed(const json& item, const ItemView& v) {
    const json& expected = item["last_agreed"];
    if (expected.is_null()) {
      CHECK(!v.last_agreed.has_value());
      return;
    }
    REQUIRE(v.last_agreed.has_value());
    CHECK(v.last_agreed->content_hash_hex == hashes_.at(expected["hash"]));
    std::map<std::string, std::string> want, got;
    Flatten(expected["fields"], "", want);
    for (const FieldView& f : v.last_agreed->fields) {
      if (!f.value().empty()) got[f.path] = f.value();
    }
    CHECK(got == want);
  }

  const json& plan_;
  std::map<std::string, std::unique_ptr<Replica>> devices_;
  std::map<std::string, std::string> first_device_;
  std::map<std::string, std::string> ids_;     // fixture id -> item id
  std::map<std::string, std::string> hashes_;  // "h:r1.v1" -> hex
  int64_t now_ = 1'700'000'000'000;
};

inline json LoadFixture(const std::string& name) {
  auto text = ::mutual::testing::ReadDataFile("fixtures/" + name + ".json");
  REQUIRE(text.ok());
  return json::parse(*text);
}

}  // namespace mutual::plan::testing
