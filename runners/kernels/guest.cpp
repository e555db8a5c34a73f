#include "guest.hpp"

#include <atomic>
#include <regex>
#include <sstream>
#include <thread>

#include "lc/vocabulary/atomic_write.hpp"
#include "results/results.hpp"
#include "tool.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

const char* kBegin = "==KMATRIX-RESULTS-BEGIN==";
const char* kEnd = "==KMATRIX-RESULTS-END==";
const char* kInitStarted = "kmatrix-guest: init started";

// The guest's /init. Every step is bounded by the host's qemu deadline; the results go out on
// the second serial port, whose close waits until its output has drained.
const char* kInit = R"SH(#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mkdir -p /tmp /results
up() { cut -d' ' -f1 /proc/uptime; }
echo "kmatrix-guest: init started on $(uname -r) at $(up) s"
{
  echo "kernel=$(uname -r)"
  echo "init_uptime_s=$(up)"
  echo "tcp_max_syn_backlog=$(cat /proc/sys/net/ipv4/tcp_max_syn_backlog)"
} > /results/guest.txt
mode=$(sed -n 's/^mode=//p' /opt/lc/job)
lc=/opt/lc/listen-conformance
exp=/opt/lc/expectations/linux.yaml
echo "run_start_s=$(up)" >> /results/guest.txt
case "$mode" in
  suite)
    "$lc" run --expectations "$exp" --report-dir /results/run -j 1 -q --measure-version-skipped \
      > /results/run.out 2> /results/run.err < /dev/null
    echo "$?" > /results/run.rc ;;
  rerun)
    i=0
    sed -n 's/^filter=//p' /opt/lc/job > /tmp/ids
    while IFS= read -r id; do
      i=$((i + 1))
      "$lc" run --expectations "$exp" --report-dir "/results/rerun/$i" -j 1 -q --measure-version-skipped \
        --filter "$id" > /dev/null 2>> /results/run.err < /dev/null
    done < /tmp/ids ;;
esac
echo "run_end_s=$(up)" >> /results/guest.txt
echo "kmatrix-guest: payload done at $(up) s"
# The host renders every page from results.json: the guest's own renderings stay here.
find /results \( -name report.html -o -name junit.xml -o -name summary.md \) -exec rm -f {} \;
{
  echo "==KMATRIX-RESULTS-BEGIN=="
  tar -c -C /results . | gzip -c | base64
  echo "==KMATRIX-RESULTS-END=="
} > /dev/ttyS1
poweroff -f
)SH";

std::string strip_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

// "key=value" lines of guest.txt.
std::string value_of(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return {};
}

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    return std::stod(s);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void add_file_from_disk(CpioWriter& cpio, const std::string& path, const fs::path& source, std::uint32_t mode) {
  const std::string content = read_text(source);
  if (content.empty()) throw ToolError("cannot read " + source.string() + " for the guests");
  cpio.file(path, content, mode);
}

void add_parents(CpioWriter& cpio, std::vector<std::string>& made, const fs::path& path) {
  fs::path p;
  for (const auto& part : path.parent_path()) {
    p /= part;
    if (p == "/" || std::find(made.begin(), made.end(), p.string()) != made.end()) continue;
    made.push_back(p.string());
    cpio.directory(p.string());
  }
}

// The shared libraries and the dynamic loader a dynamically linked program needs (ldd).
std::vector<fs::path> library_closure(const fs::path& program) {
  std::string out;
  try {
    out = run_tool("ldd", {program.string()}, std::chrono::seconds(30));
  } catch (const ToolError&) {
    return {};  // "not a dynamic executable"
  }
  if (out.find("not found") != std::string::npos) throw ToolError(program.string() + ": a library is missing: " + last_lines(out, 2));
  std::vector<fs::path> libs;
  static const std::regex path_re("(/[^ \t()]+)");
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, path_re)) libs.emplace_back(m[1].str());
  }
  return libs;
}

// A copy without debug information (the guest reads it into memory at every boot); the program
// itself when strip is not there.
fs::path stripped(const fs::path& program, const fs::path& work_dir) {
  const fs::path out = work_dir / (program.filename().string() + ".stripped");
  try {
    run_tool("strip", {"--strip-debug", "-o", out.string(), program.string()}, std::chrono::minutes(1));
    return out;
  } catch (const ToolError&) {
    return program;
  }
}

std::string job_text(const GuestJob& job) {
  std::string t = std::string("mode=") +
                  (job.mode == GuestJob::Mode::suite ? "suite" : job.mode == GuestJob::Mode::rerun ? "rerun" : "probe") + "\n";
  for (const auto& id : job.ids) t += "filter=" + id + "\n";
  return t;
}

// Decodes the framed results: base64 -d, then tar -xz into `into`. "" on success, else why not.
std::string unpack_results(const std::string& serial, const fs::path& dir, const fs::path& into) {
  const auto b = serial.find(kBegin);
  const auto e = serial.find(kEnd);
  if (b == std::string::npos || e == std::string::npos || e < b) return "no results";
  const std::string body = strip_cr(serial.substr(b + std::string(kBegin).size(), e - b - std::string(kBegin).size()));
  try {
    vocabulary::write_file_atomically(dir / "results.b64", body);
    const std::string tgz = run_tool("base64", {"-d", (dir / "results.b64").string()}, std::chrono::minutes(1));
    vocabulary::write_file_atomically(dir / "results.tar.gz", tgz);
    fs::create_directories(into);
    run_tool("tar", {"-xzf", (dir / "results.tar.gz").string(), "-C", into.string()}, std::chrono::minutes(1));
  } catch (const std::exception& x) {
    return std::string("results unreadable: ") + x.what();
  }
  fs::remove(dir / "results.b64");
  fs::remove(dir / "results.tar.gz");
  return {};
}

}  // namespace

GuestPayload build_payload(const fs::path& program, const fs::path& expectations, const fs::path& work_dir) {
  GuestPayload p;
  CpioWriter& c = p.base;
  std::vector<std::string> made;
  for (const char* d : {"/bin", "/dev", "/proc", "/sys", "/tmp", "/results", "/opt", "/opt/lc", "/opt/lc/expectations"}) {
    c.directory(d);
    made.emplace_back(d);
  }
  c.file("/init", kInit, 0755);
  const std::string busybox = find_program("busybox");
  if (busybox.empty()) throw ToolError("busybox is not installed (ci/install-deps.sh --kernels installs busybox-static)");
  add_file_from_disk(c, "/bin/busybox", busybox, 0755);
  fs::create_directories(work_dir);
  std::vector<fs::path> programs = {program};
  const fs::path worker = program.parent_path() / "listen-conformance-worker";
  if (fs::is_regular_file(worker)) programs.push_back(worker);
  std::vector<fs::path> libs;
  for (const fs::path& f : {fs::path(busybox), program, worker}) {
    if (!fs::is_regular_file(f)) continue;
    for (auto& l : library_closure(f)) {
      if (std::find(libs.begin(), libs.end(), l) == libs.end()) libs.push_back(l);
    }
  }
  for (const auto& f : programs) add_file_from_disk(c, "/opt/lc/" + f.filename().string(), stripped(f, work_dir), 0755);
  for (const auto& l : libs) {
    add_parents(c, made, l);
    add_file_from_disk(c, l.string(), fs::canonical(l), 0755);
  }
  add_file_from_disk(c, "/opt/lc/expectations/linux.yaml", expectations, 0644);
  // The answers read their catalogue of questions from beside them.
  if (const fs::path questions = expectations.parent_path() / "questions.yaml"; fs::is_regular_file(questions))
    add_file_from_disk(c, "/opt/lc/expectations/questions.yaml", questions, 0644);
  p.description = std::to_string(c.data().size() / (1024 * 1024)) + " MiB: " + program.filename().string() +
                  (programs.size() > 1 ? " and its static worker" : "") + ", busybox, " + std::to_string(libs.size()) +
                  " libraries, " + expectations.filename().string();
  return p;
}

std::optional<std::string> not_bootable_reason(const fs::path& image) {
  std::error_code ec;
  if (!fs::is_regular_file(image, ec)) return "not a regular file";
  const std::string head = read_text(image).substr(0, 0x210);
  if (head.size() >= 4 && head.compare(0, 4, "\x7f" "ELF") == 0) return std::nullopt;
  if (head.size() >= 0x206 && static_cast<unsigned char>(head[0x1fe]) == 0x55 &&
      static_cast<unsigned char>(head[0x1ff]) == 0xaa && head.compare(0x202, 4, "HdrS") == 0)
    return std::nullopt;
  return "not a bootable x86 kernel: neither a bzImage (no boot signature 0x55AA with \"HdrS\" at 0x202) nor an ELF image";
}

long long host_thash_entries() {
  try {
    const std::string tw = run_tool("unshare", {"-n", "cat", "/proc/sys/net/ipv4/tcp_max_tw_buckets"}, std::chrono::seconds(10));
    const long long v = std::stoll(tw);
    if (v > 0) return v * 2;
  } catch (const std::exception&) {
  }
  return 0;
}

GuestOutcome boot_guest(const fs::path& image, const GuestPayload& payload, const GuestJob& job, const fs::path& dir,
                        const BootOptions& options) {
  GuestOutcome g;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  const fs::path console = dir / "console.log", serial = dir / "results.serial", initrd = dir / "initrd.cpio";
  CpioWriter cpio = payload.base;
  cpio.file("/opt/lc/job", job_text(job));
  vocabulary::write_file_atomically(initrd, cpio.finish());
  std::string append = "console=ttyS0 panic=-1 quiet";
  if (options.thash_entries > 0) append += " thash_entries=" + std::to_string(options.thash_entries);
  std::vector<std::string> args = {"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-m", "256M",
                                   "-smp", "1", "-accel", options.accel};
  if (options.accel == "kvm") args.insert(args.end(), {"-cpu", "host"});
  args.insert(args.end(), {"-kernel", image.string(), "-initrd", initrd.string(), "-append", append, "-serial",
                           "file:" + console.string(), "-serial", "file:" + serial.string()});
  std::string cmdline = "qemu-system-x86_64";
  for (const auto& a : args) cmdline += " " + a;
  vocabulary::write_file_atomically(dir / "qemu.cmdline", cmdline + "\n");

  const std::string qemu = find_program("qemu-system-x86_64");
  if (qemu.empty()) {
    g.reason = "qemu-system-x86_64 is not installed (ci/install-deps.sh --kernels installs qemu-system-x86)";
    return g;
  }
  // The console says when /init starts: the progress line "running".
  std::atomic<bool> done{false};
  std::thread monitor([&] {
    bool running = false;
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (!running && read_text(console).find(kInitStarted) != std::string::npos) {
        running = true;
        if (options.on_stage) options.on_stage("running");
      }
    }
  });
  const auto started = Clock::now();
  const spawn::ChildResult r = spawn::run_child(qemu, args, options.timeout);
  done = true;
  monitor.join();
  g.wall_s = std::chrono::duration<double>(Clock::now() - started).count();
  vocabulary::write_file_atomically(dir / "qemu.stderr", r.err);
  fs::remove(initrd, ec);  // 20-odd MiB per boot; qemu.cmdline says how it was made

  const std::string console_text = read_text(console);
  g.console_tail = last_lines(strip_cr(console_text), 15);
  g.results_dir = dir / "results";
  const std::string unpacked = unpack_results(read_text(serial), dir, g.results_dir);
  const std::string guest_txt = read_text(g.results_dir / "guest.txt");
  g.kernel_release = value_of(guest_txt, "kernel");
  g.init_s = number(value_of(guest_txt, "init_uptime_s"));
  const auto rs = number(value_of(guest_txt, "run_start_s")), re = number(value_of(guest_txt, "run_end_s"));
  if (rs && re) g.run_s = *re - *rs;
  if (unpacked.empty()) {
    g.ok = true;
    return g;
  }
  // Why there are no results, most specific first.
  if (!r.started) {
    g.reason = "qemu did not start: " + r.start_error;
  } else if (console_text.find("Kernel panic") != std::string::npos) {
    const auto at = console_text.find("Kernel panic");
    g.reason = "kernel panic: " + strip_cr(console_text.substr(at, console_text.find('\n', at) - at));
  } else if (r.timed_out) {
    g.reason = "no results within " + std::to_string(options.timeout.count()) + " s (hung; killed)" +
               (console_text.find(kInitStarted) == std::string::npos ? ", /init never started" : "");
  } else if (r.exit_code != 0 || r.signaled) {
    g.reason = "qemu " + (r.signaled ? "killed by signal " + std::to_string(r.signal) : "exit " + std::to_string(r.exit_code)) +
               ": " + last_lines(r.err, 1);
  } else if (console_text.find(kInitStarted) == std::string::npos) {
    g.reason = "the kernel never reached /init";
  } else {
    g.reason = unpacked;
  }
  if (!g.reason.empty() && g.reason.back() == '\n') g.reason.pop_back();
  return g;
}

}  // namespace lc::kernels
