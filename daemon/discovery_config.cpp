#include "daemon/discovery_config.h"

#include <fstream>
#include <sstream>

namespace mutual::daemon {
namespace {

// "PORT" or "HOST:PORT"; port 0 = any free port.
Result<net::UdpEndpoint> ParseBind(const std::string& value) {
  const bool port_only =
      !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
  auto bind = net::ParseUdpEndpoint(port_only ? "0.0.0.0:" + value : value,
                                    /*allow_port_zero=*/true);
  if (!bind.ok()) {
    return Status::InvalidArgument(
        "--discovery-port takes PORT or HOST:PORT (a numeric address), not \"" + value +
        "\"");
  }
  return bind;
}

Result<std::vector<net::UdpEndpoint>> ParseTargets(const std::string& value) {
  std::vector<net::UdpEndpoint> out;
  std::stringstream in(value);
  std::string one;
  while (std::getline(in, one, ',')) {
    auto target = net::ParseUdpEndpoint(one);
    if (!target.ok()) return target.status().WithContext("--discovery-to");
    out.push_back(*target);
  }
  if (out.empty()) return Status::InvalidArgument("--discovery-to needs HOST:PORT[,...]");
  return out;
}

// The flags as the file stores them: one "name value" line each.
std::string Serialize(const DiscoveryFlags& f) {
  if (f.off) return "off\n";
  std::string out;
  if (f.port) out += "port " + *f.port + "\n";
  if (f.to) out += "to " + *f.to + "\n";
  return out;
}

Result<DiscoveryFlags> Remembered(const std::string& file) {
  DiscoveryFlags f;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line == "off") {
      f.off = true;
    } else if (line.rfind("port ", 0) == 0) {
      f.port = line.substr(5);
    } else if (line.rfind("to ", 0) == 0) {
      f.to = line.substr(3);
    } else if (!line.empty()) {
      return Status::InvalidArgument(file + ": unknown line \"" + line + "\"");
    }
  }
  return f;
}

Status CheckLoopback(const DiscoveryOptions& o) {
  auto refuse = [](const net::UdpEndpoint& e, const char* what) {
    return Status::FailedPrecondition(
        "MUTUAL_DISCOVERY=loopback, but discovery would " + std::string(what) + " " +
        net::EndpointString(e.address(), e.port()) +
        " (give loopback addresses with --discovery-port and --discovery-to)");
  };
  if (!net::IsLoopback(o.bind.address())) return refuse(o.bind, "listen on");
  if (o.targets.empty()) {
    return refuse(net::UdpEndpoint(net::asio::ip::address_v4::broadcast(), o.bind.port()),
                  "send to");
  }
  for (const net::UdpEndpoint& t : o.targets) {
    if (!net::IsLoopback(t.address())) return refuse(t, "send to");
  }
  return Status::Ok();
}

// The options `f` asks for; nullopt when it says off.
Result<std::optional<DiscoveryOptions>> OptionsFor(const DiscoveryFlags& f,
                                                   const std::string& mode) {
  if (f.off) return std::optional<DiscoveryOptions>();
  DiscoveryOptions o;
  if (f.port) {
    MUTUAL_ASSIGN_OR_RETURN(o.bind, ParseBind(*f.port));
  }
  if (f.to) {
    MUTUAL_ASSIGN_OR_RETURN(o.targets, ParseTargets(*f.to));
  }
  for (const net::UdpEndpoint& t : o.targets) {
    if (t.address().is_v4() != o.bind.address().is_v4()) {
      return Status::InvalidArgument(
          "--discovery-to " + net::EndpointString(t.address(), t.port()) +
          ": not the address family --discovery-port listens on");
    }
  }
  if (o.targets.empty() && o.bind.port() == 0) {
    return Status::InvalidArgument(
        "--discovery-port with port 0 needs --discovery-to (a broadcast needs a port)");
  }
  if (mode == "loopback") MUTUAL_RETURN_IF_ERROR(CheckLoopback(o));
  return std::optional<DiscoveryOptions>(o);
}

}  // namespace

Result<DiscoveryPlan> ResolveDiscovery(const std::string& home,
                                       const DiscoveryFlags& flags, const char* env) {
  const std::string mode = env ? env : "";
  if (mode != "" && mode != "on" && mode != "off" && mode != "loopback") {
    return Status::InvalidArgument("MUTUAL_DISCOVERY is off, loopback or on, not \"" +
                                   mode + "\"");
  }
  DiscoveryPlan plan;
  if (mode == "off") return plan;
  const std::string file = home + "/discovery";
  DiscoveryFlags f = flags;
  if (!flags.any()) {
    MUTUAL_ASSIGN_OR_RETURN(f, Remembered(file));
  }
  plan.explicit_config = f.any();
  MUTUAL_ASSIGN_OR_RETURN(plan.options, OptionsFor(f, mode));
  // Remembered only once they are known to work.
  if (flags.any()) {
    std::ofstream out(file, std::ios::trunc);
    out << Serialize(flags);
    if (!out) return Status::IOError("cannot write " + file);
  }
  return plan;
}

}  // namespace mutual::daemon
