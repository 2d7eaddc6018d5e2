// libskb: procfs (<linux/proc_fs.h>, fs/proc/generic.c), seq_file
// (<linux/seq_file.h>, fs/seq_file.c), the fs helpers of <linux/fs.h>
// (fs/libfs.c, fs/read_write.c) and the C++ file access of
// <skb/kernel_env.h> (ReadProcEntry, WriteProcEntry).
#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include <errno.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "skb/kernel_env.h"

// A kernel-formatting vsnprintf (%pI4, %pM, ...) provided by the printk
// model when it is linked in; the C library's otherwise.
extern "C" int libskb_kernel_vsnprintf(char* buf, size_t size, const char* fmt, va_list args) __attribute__((weak));

struct proc_dir_entry {
  std::string name;
  std::string path;  // "/proc/net/foo"
  umode_t mode = 0;
  bool dir = false;
  proc_dir_entry* parent = nullptr;
  std::vector<std::unique_ptr<proc_dir_entry>> children;
  const void* ops = nullptr;
  bool proc_ops = false;
  void* data = nullptr;
  loff_t size = 0;
  std::string module;
  // proc_create_single / proc_create_seq: the show function or seq ops.
  int (*single_show)(seq_file*, void*) = nullptr;
  const seq_operations* seq_ops = nullptr;
  unsigned int state_size = 0;
};

namespace skb {
namespace internal {
namespace {

proc_dir_entry& Root() {
  static auto* root = [] {
    auto* r = new proc_dir_entry();
    r->name = "";
    r->path = "/proc";
    r->dir = true;
    auto net = std::make_unique<proc_dir_entry>();
    net->name = "net";
    net->path = "/proc/net";
    net->dir = true;
    net->parent = r;
    r->children.push_back(std::move(net));
    return r;
  }();
  return *root;
}

proc_dir_entry* Child(proc_dir_entry* dir, const std::string& name) {
  for (auto& c : dir->children) {
    if (c->name == name) return c.get();
  }
  return nullptr;
}

// xlate_proc_name(): walks "a/b/c" from parent; returns the directory that
// holds the last component and sets *last.
proc_dir_entry* Walk(const char* name, proc_dir_entry* parent, std::string* last) {
  proc_dir_entry* dir = parent != nullptr ? parent : &Root();
  std::string s(name != nullptr ? name : "");
  size_t start = 0;
  for (size_t slash; (slash = s.find('/', start)) != std::string::npos; start = slash + 1) {
    proc_dir_entry* next = Child(dir, s.substr(start, slash - start));
    if (next == nullptr || !next->dir) return nullptr;
    dir = next;
  }
  *last = s.substr(start);
  return dir;
}

proc_dir_entry* Create(const char* name, umode_t mode, proc_dir_entry* parent, bool dir) {
  std::string last;
  proc_dir_entry* d = Walk(name, parent, &last);
  if (d == nullptr || last.empty()) {
    EnvWarn(Format("name '%s'", name != nullptr ? name : "(null)"));
    return nullptr;
  }
  if (Child(d, last) != nullptr) {
    // proc_register(): WARN(1, "proc_dir_entry '%s/%s' already registered\n")
    EnvWarn(Format("proc_dir_entry '%s/%s' already registered", d->path == "/proc" ? "" : d->path.c_str() + 6,
                   last.c_str()));
    return nullptr;
  }
  if (!AllocationAllowed()) return nullptr;
  auto e = std::make_unique<proc_dir_entry>();
  e->name = last;
  e->path = d->path + "/" + last;
  e->mode = mode;
  e->dir = dir;
  e->parent = d;
  e->module = CurrentModuleName();
  proc_dir_entry* raw = e.get();
  d->children.push_back(std::move(e));
  AddRegistration(raw, "procfs", raw->path, raw->module);
  return raw;
}

void Unregister(proc_dir_entry* e) {
  for (auto& c : e->children) Unregister(c.get());
  RemoveRegistration(e, "procfs");
}

void Remove(proc_dir_entry* e) {
  if (e == nullptr || e->parent == nullptr) return;
  Unregister(e);
  auto& siblings = e->parent->children;
  for (auto it = siblings.begin(); it != siblings.end(); ++it) {
    if (it->get() == e) {
      siblings.erase(it);
      return;
    }
  }
}

void RemoveOfModule(proc_dir_entry* dir, const std::string& module) {
  for (size_t i = 0; i < dir->children.size();) {
    proc_dir_entry* c = dir->children[i].get();
    if (c->module == module) {
      EnvWarn("libskb: module " + module + " left proc entry " + c->path +
              " registered after its exit function; reading it would call into the unloaded module (libskb "
              "removed it)");
      Remove(c);
    } else {
      RemoveOfModule(c, module);
      ++i;
    }
  }
}

proc_dir_entry* Lookup(std::string_view path) {
  std::string p(path);
  if (p.rfind("/proc/", 0) == 0) p = p.substr(6);
  proc_dir_entry* d = &Root();
  size_t start = 0;
  while (d != nullptr) {
    const size_t slash = p.find('/', start);
    d = Child(d, p.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return d;
    start = slash + 1;
  }
  return nullptr;
}

// The seq_files whose text is generated (seq_read from position 0).
std::set<const seq_file*>& Generated() {
  static auto* s = new std::set<const seq_file*>();
  return *s;
}

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) { RemoveOfModule(&Root(), module); },
    [] {
      proc_dir_entry& r = Root();
      for (size_t i = 0; i < r.children.size();) {
        if (r.children[i]->name == "net") {
          auto& net = r.children[i]->children;
          net.clear();
          ++i;
        } else {
          r.children.erase(r.children.begin() + static_cast<long>(i));
        }
      }
    },
    nullptr,
});

// single_open()'s iterator (fs/seq_file.c single_start/next/stop).
void* SingleStart(seq_file* p, loff_t* pos) {
  (void)p;
  return *pos == 0 ? SEQ_START_TOKEN : nullptr;
}
void* SingleNext(seq_file* p, void* v, loff_t* pos) {
  (void)p;
  (void)v;
  ++*pos;
  return nullptr;
}
void SingleStop(seq_file* p, void* v) {
  (void)p;
  (void)v;
}

bool IsErrPtr(const void* p) { return reinterpret_cast<uintptr_t>(p) >= static_cast<uintptr_t>(-4095); }

// Runs the iterator over every record into m->buf, growing it on overflow
// as seq_read() does. 0 or a negative errno.
int Generate(seq_file* m) {
  size_t size = m->size != 0 ? m->size : 4096;
  for (;;) {
    if (m->buf == nullptr || m->size != size) {
      std::free(m->buf);
      m->buf = static_cast<char*>(std::malloc(size));
      if (m->buf == nullptr) return -ENOMEM;
      m->size = size;
    }
    m->count = 0;
    m->from = 0;
    loff_t pos = 0;
    m->index = 0;
    void* p = m->op->start(m, &pos);
    int err = 0;
    while (p != nullptr) {
      if (IsErrPtr(p)) {
        err = static_cast<int>(reinterpret_cast<intptr_t>(p));
        break;
      }
      const size_t before = m->count;
      const int r = m->op->show(m, p);
      if (r < 0) {
        err = r;
        break;
      }
      if (r == SEQ_SKIP) m->count = before;
      if (seq_has_overflowed(m)) break;
      p = m->op->next(m, p, &pos);
      m->index = pos;
    }
    m->op->stop(m, p);
    if (err != 0) return err;
    if (!seq_has_overflowed(m)) return 0;
    if (size > (64u << 20)) return -ENOMEM;
    size *= 2;
  }
}

}  // namespace
}  // namespace internal

namespace {

using internal::Lookup;

// An open file on an inode, closed at scope exit with the release handler.
class OpenFile {
 public:
  OpenFile(const void* ops, bool proc_ops, void* data, proc_dir_entry* pde, cdev* cd, dev_t rdev, fmode_t mode)
      : ops_(ops), proc_ops_(proc_ops) {
    std::memset(&inode_, 0, sizeof(inode_));
    std::memset(&file_, 0, sizeof(file_));
    inode_.i_private = data;
    inode_.__libskb_pde = pde;
    inode_.i_cdev = cd;
    inode_.i_rdev = rdev;
    inode_.i_mode = pde != nullptr ? (S_IFREG | pde->mode) : S_IFCHR;
    file_.f_inode = &inode_;
    file_.f_mode = mode;
    file_.f_flags = (mode & FMODE_WRITE) ? ((mode & FMODE_READ) ? 2 : 1) : 0;  // O_RDWR, O_WRONLY, O_RDONLY
    if (!proc_ops_) {
      file_.f_op = static_cast<const file_operations*>(ops_);
      inode_.i_fop = file_.f_op;
    }
  }
  int Open() {
    int (*open)(inode*, file*) = proc_ops_ ? P()->proc_open : F()->open;
    const int r = open != nullptr ? open(&inode_, &file_) : 0;
    opened_ = (r == 0);
    return r;
  }
  ~OpenFile() {
    if (!opened_) return;
    int (*release)(inode*, file*) = proc_ops_ ? P()->proc_release : F()->release;
    if (release != nullptr) release(&inode_, &file_);
  }
  ssize_t Read(char* buf, size_t n) {
    ssize_t (*read)(file*, char*, size_t, loff_t*) = proc_ops_ ? P()->proc_read : F()->read;
    if (read == nullptr) return -EINVAL;  // vfs_read(): no read method (read_iter is not modelled)
    return read(&file_, buf, n, &file_.f_pos);
  }
  ssize_t Write(const char* buf, size_t n) {
    ssize_t (*write)(file*, const char*, size_t, loff_t*) = proc_ops_ ? P()->proc_write : F()->write;
    if (write == nullptr) return -EINVAL;
    return write(&file_, buf, n, &file_.f_pos);
  }
  file* f() { return &file_; }

 private:
  const proc_ops* P() const { return static_cast<const proc_ops*>(ops_); }
  const file_operations* F() const { return static_cast<const file_operations*>(ops_); }
  const void* ops_;
  bool proc_ops_;
  inode inode_;
  file file_;
  bool opened_ = false;
};

// The read loop of cat(1): chunked reads to EOF, capped at 16 MiB.
FileIoResult ReadAll(OpenFile* f, size_t chunk) {
  FileIoResult res;
  res.err = f->Open();
  if (res.err != 0) return res;
  std::vector<char> buf(chunk == 0 ? 1 : chunk);
  while (res.data.size() < (16u << 20)) {
    const ssize_t n = f->Read(buf.data(), buf.size());
    if (n < 0) {
      res.err = static_cast<int>(n);
      break;
    }
    if (n == 0) break;
    res.data.append(buf.data(), static_cast<size_t>(n) > buf.size() ? buf.size() : static_cast<size_t>(n));
  }
  return res;
}

FileIoResult WriteAll(OpenFile* f, std::string_view text) {
  FileIoResult res;
  res.err = f->Open();
  if (res.err != 0) return res;
  std::vector<char> buf(text.begin(), text.end());
  const ssize_t n = f->Write(buf.data(), buf.size());
  if (n < 0) {
    res.err = static_cast<int>(n);
  } else {
    res.written = n;
  }
  return res;
}

// proc_create_single / proc_create_seq entries open through these (the
// kernel's proc_single_open / proc_seq_open).
int ProcSingleOpen(inode* in, file* f) {
  auto* pde = static_cast<proc_dir_entry*>(in->__libskb_pde);
  return single_open(f, pde->single_show, pde->data);
}
int ProcSeqOpen(inode* in, file* f) {
  auto* pde = static_cast<proc_dir_entry*>(in->__libskb_pde);
  if (pde->state_size != 0) return seq_open_private(f, pde->seq_ops, static_cast<int>(pde->state_size));
  const int r = seq_open(f, pde->seq_ops);
  if (r == 0) static_cast<seq_file*>(f->private_data)->libskb_private = pde->data;
  return r;
}
int ProcSeqRelease(inode* in, file* f) {
  auto* pde = static_cast<proc_dir_entry*>(in->__libskb_pde);
  return pde->state_size != 0 ? seq_release_private(in, f) : seq_release(in, f);
}
const proc_ops kProcSingleOps = {0, ProcSingleOpen, seq_read, nullptr, nullptr, seq_lseek, single_release,
                                 nullptr, nullptr, nullptr, nullptr, nullptr};
const proc_ops kProcSeqOps = {0, ProcSeqOpen, seq_read, nullptr, nullptr, seq_lseek, ProcSeqRelease,
                              nullptr, nullptr, nullptr, nullptr, nullptr};

}  // namespace

FileIoResult ReadProcEntry(std::string_view path, size_t chunk) {
  proc_dir_entry* e = Lookup(path);
  if (e == nullptr) return FileIoResult{-ENOENT, "", 0};
  if (e->dir || e->ops == nullptr) return FileIoResult{-EISDIR, "", 0};
  OpenFile f(e->ops, e->proc_ops, e->data, e, nullptr, 0, FMODE_READ);
  return ReadAll(&f, chunk);
}

FileIoResult WriteProcEntry(std::string_view path, std::string_view text) {
  proc_dir_entry* e = Lookup(path);
  if (e == nullptr) return FileIoResult{-ENOENT, "", 0};
  if (e->dir || e->ops == nullptr) return FileIoResult{-EISDIR, "", 0};
  OpenFile f(e->ops, e->proc_ops, e->data, e, nullptr, 0, FMODE_WRITE);
  return WriteAll(&f, text);
}

namespace internal {
// For chrdev.cc: file IO on a char device's operations.
FileIoResult CharDeviceIo(const file_operations* fops, cdev* cd, dev_t rdev, void* private_data, bool write,
                          std::string_view text, size_t chunk) {
  OpenFile f(fops, false, nullptr, nullptr, cd, rdev, write ? FMODE_WRITE : FMODE_READ);
  f.f()->private_data = private_data;  // misc_open() sets it to the miscdevice
  return write ? WriteAll(&f, text) : ReadAll(&f, chunk);
}
}  // namespace internal

}  // namespace skb

using namespace skb::internal;

extern "C" {

struct proc_dir_entry* libskb_proc_net = Child(&Root(), "net");

// Models proc_create_data() (fs/proc/generic.c).
struct proc_dir_entry* libskb_proc_create(const char* name, umode_t mode, struct proc_dir_entry* parent,
                                          const void* ops, int is_proc_ops, void* data) {
  if ((mode & S_IFMT) == 0) mode |= S_IFREG;
  if ((mode & S_IALLUGO) == 0) mode |= S_IRUGO;
  proc_dir_entry* e = Create(name, mode, parent, false);
  if (e == nullptr) return nullptr;
  e->ops = ops;
  e->proc_ops = is_proc_ops != 0;
  e->data = data;
  return e;
}

struct proc_dir_entry* proc_mkdir_data(const char* name, umode_t mode, struct proc_dir_entry* parent, void* data) {
  proc_dir_entry* e = Create(name, S_IFDIR | (mode == 0 ? (S_IRUGO | S_IXUGO) : mode), parent, true);
  if (e != nullptr) e->data = data;
  return e;
}
struct proc_dir_entry* proc_mkdir_mode(const char* name, umode_t mode, struct proc_dir_entry* parent) {
  return proc_mkdir_data(name, mode, parent, nullptr);
}
struct proc_dir_entry* proc_mkdir(const char* name, struct proc_dir_entry* parent) {
  return proc_mkdir_data(name, 0, parent, nullptr);
}
struct proc_dir_entry* proc_symlink(const char* name, struct proc_dir_entry* parent, const char* dest) {
  (void)dest;
  return Create(name, S_IFLNK | S_IRWXUGO, parent, false);
}

// Models remove_proc_entry(): WARN(1, "name '%s'\n") when absent.
void remove_proc_entry(const char* name, struct proc_dir_entry* parent) {
  std::string last;
  proc_dir_entry* d = Walk(name, parent, &last);
  proc_dir_entry* e = d != nullptr ? Child(d, last) : nullptr;
  if (e == nullptr) {
    EnvWarn(Format("remove_proc_entry: name '%s'", name != nullptr ? name : "(null)"));
    return;
  }
  if (!e->children.empty()) {
    EnvWarn(Format("%s: removing non-empty directory '%s', leaking at least '%s'", "remove_proc_entry",
                   e->path.c_str(), e->children.front()->name.c_str()));
  }
  Remove(e);
}

int remove_proc_subtree(const char* name, struct proc_dir_entry* parent) {
  std::string last;
  proc_dir_entry* d = Walk(name, parent, &last);
  proc_dir_entry* e = d != nullptr ? Child(d, last) : nullptr;
  if (e == nullptr) return -ENOENT;
  Remove(e);
  return 0;
}

void proc_remove(struct proc_dir_entry* de) { Remove(de); }
void proc_set_size(struct proc_dir_entry* de, loff_t size) { de->size = size; }

void* libskb_pde_data(const struct inode* inode) {
  auto* e = static_cast<proc_dir_entry*>(inode->__libskb_pde);
  return e != nullptr ? e->data : inode->i_private;
}

struct proc_dir_entry* proc_create_single_data(const char* name, umode_t mode, struct proc_dir_entry* parent,
                                               int (*show)(struct seq_file*, void*), void* data) {
  proc_dir_entry* e = libskb_proc_create(name, mode, parent, &skb::kProcSingleOps, 1, data);
  if (e != nullptr) e->single_show = show;
  return e;
}

struct proc_dir_entry* proc_create_seq_private(const char* name, umode_t mode, struct proc_dir_entry* parent,
                                               const struct seq_operations* ops, unsigned int state_size,
                                               void* data) {
  proc_dir_entry* e = libskb_proc_create(name, mode, parent, &skb::kProcSeqOps, 1, data);
  if (e != nullptr) {
    e->seq_ops = ops;
    e->state_size = state_size;
  }
  return e;
}

// ---- seq_file (fs/seq_file.c) ----

int seq_open(struct file* file, const struct seq_operations* op) {
  auto* p = static_cast<seq_file*>(std::calloc(1, sizeof(seq_file)));
  if (p == nullptr) return -ENOMEM;
  p->op = op;
  p->file = file;
  file->private_data = p;
  file->f_mode &= ~FMODE_PWRITE;
  return 0;
}

ssize_t seq_read(struct file* file, char __user* buf, size_t size, loff_t* ppos) {
  auto* m = static_cast<seq_file*>(file->private_data);
  if (*ppos == 0 || Generated().count(m) == 0) {
    const int err = Generate(m);
    if (err != 0) return err;
    Generated().insert(m);
  }
  if (*ppos < 0) return -EINVAL;
  const size_t pos = static_cast<size_t>(*ppos);
  if (pos >= m->count) return 0;
  const size_t n = std::min(size, m->count - pos);
  std::memcpy(buf, m->buf + pos, n);
  *ppos += static_cast<loff_t>(n);
  m->read_pos = *ppos;
  return static_cast<ssize_t>(n);
}

loff_t seq_lseek(struct file* file, loff_t offset, int whence) {
  auto* m = static_cast<seq_file*>(file->private_data);
  if (whence == SEEK_CUR) offset += file->f_pos;
  else if (whence != SEEK_SET) return -EINVAL;
  if (offset < 0) return -EINVAL;
  file->f_pos = offset;
  m->read_pos = offset;
  return offset;
}

int seq_release(struct inode* inode, struct file* file) {
  (void)inode;
  auto* m = static_cast<seq_file*>(file->private_data);
  if (m == nullptr) return 0;
  Generated().erase(m);
  std::free(m->buf);
  std::free(m);
  file->private_data = nullptr;
  return 0;
}

void* __seq_open_private(struct file* f, const struct seq_operations* ops, int psize) {
  void* priv = std::calloc(1, static_cast<size_t>(psize));
  if (priv == nullptr) return nullptr;
  if (seq_open(f, ops) != 0) {
    std::free(priv);
    return nullptr;
  }
  static_cast<seq_file*>(f->private_data)->libskb_private = priv;
  return priv;
}

int seq_open_private(struct file* filp, const struct seq_operations* ops, int psize) {
  return __seq_open_private(filp, ops, psize) != nullptr ? 0 : -ENOMEM;
}

int seq_release_private(struct inode* inode, struct file* file) {
  auto* m = static_cast<seq_file*>(file->private_data);
  if (m != nullptr) {
    std::free(m->libskb_private);
    m->libskb_private = nullptr;
  }
  return seq_release(inode, file);
}

int single_open(struct file* file, int (*show)(struct seq_file*, void*), void* data) {
  auto* op = static_cast<seq_operations*>(std::calloc(1, sizeof(seq_operations)));
  if (op == nullptr) return -ENOMEM;
  op->start = SingleStart;
  op->next = SingleNext;
  op->stop = SingleStop;
  op->show = show;
  const int res = seq_open(file, op);
  if (res == 0) {
    static_cast<seq_file*>(file->private_data)->libskb_private = data;
  } else {
    std::free(op);
  }
  return res;
}

int single_open_size(struct file* file, int (*show)(struct seq_file*, void*), void* data, size_t size) {
  const int r = single_open(file, show, data);
  if (r == 0) {
    auto* m = static_cast<seq_file*>(file->private_data);
    m->buf = static_cast<char*>(std::malloc(size));
    m->size = size;
  }
  return r;
}

int single_release(struct inode* inode, struct file* file) {
  auto* m = static_cast<seq_file*>(file->private_data);
  const seq_operations* op = m != nullptr ? m->op : nullptr;
  const int res = seq_release(inode, file);
  std::free(const_cast<seq_operations*>(op));
  return res;
}

void seq_vprintf(struct seq_file* m, const char* f, va_list args) {
  if (m->count < m->size) {
    const size_t room = m->size - m->count;
    const int len = libskb_kernel_vsnprintf != nullptr ? libskb_kernel_vsnprintf(m->buf + m->count, room, f, args)
                                                       : std::vsnprintf(m->buf + m->count, room, f, args);
    if (len >= 0 && static_cast<size_t>(len) < room) {
      m->count += static_cast<size_t>(len);
      return;
    }
  }
  m->count = m->size;  // seq_set_overflow()
}

void seq_printf(struct seq_file* m, const char* f, ...) {
  va_list args;
  va_start(args, f);
  seq_vprintf(m, f, args);
  va_end(args);
}

int seq_write(struct seq_file* seq, const void* data, size_t len) {
  if (seq->count + len < seq->size) {
    std::memcpy(seq->buf + seq->count, data, len);
    seq->count += len;
    return 0;
  }
  seq->count = seq->size;
  return -1;
}

void seq_puts(struct seq_file* m, const char* s) { seq_write(m, s, std::strlen(s)); }

void seq_putc(struct seq_file* m, char c) {
  if (m->count >= m->size) return;
  m->buf[m->count++] = c;
}

void seq_pad(struct seq_file* m, char c) {
  const size_t size = m->pad_until - m->count;
  if (m->pad_until > m->count && size < m->size - m->count) {
    std::memset(m->buf + m->count, ' ', size);
    m->count += size;
  }
  if (c) seq_putc(m, c);
}

void seq_put_decimal_ull(struct seq_file* m, const char* delimiter, unsigned long long num) {
  seq_printf(m, "%s%llu", delimiter, num);
}
void seq_put_decimal_ll(struct seq_file* m, const char* delimiter, long long num) {
  seq_printf(m, "%s%lld", delimiter, num);
}

// ---- fs helpers (fs/libfs.c, fs/read_write.c) ----

int nonseekable_open(struct inode* inode, struct file* filp) {
  (void)inode;
  filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
  return 0;
}
int stream_open(struct inode* inode, struct file* filp) { return nonseekable_open(inode, filp); }
loff_t no_llseek(struct file* file, loff_t offset, int whence) {
  (void)file;
  (void)offset;
  (void)whence;
  return -ESPIPE;
}
loff_t noop_llseek(struct file* file, loff_t offset, int whence) {
  (void)offset;
  (void)whence;
  return file->f_pos;
}
loff_t fixed_size_llseek(struct file* file, loff_t offset, int whence, loff_t size) {
  loff_t pos;
  switch (whence) {
    case SEEK_SET: pos = offset; break;
    case SEEK_CUR: pos = file->f_pos + offset; break;
    case SEEK_END: pos = size + offset; break;
    default: return -EINVAL;
  }
  if (pos < 0 || pos > size) return -EINVAL;
  file->f_pos = pos;
  return pos;
}
loff_t default_llseek(struct file* file, loff_t offset, int whence) {
  loff_t pos;
  switch (whence) {
    case SEEK_SET: pos = offset; break;
    case SEEK_CUR: pos = file->f_pos + offset; break;
    case SEEK_END: pos = (file->f_inode != nullptr ? file->f_inode->i_size : 0) + offset; break;
    default: return -EINVAL;
  }
  if (pos < 0) return -EINVAL;
  file->f_pos = pos;
  return pos;
}
loff_t generic_file_llseek(struct file* file, loff_t offset, int whence) { return default_llseek(file, offset, whence); }

ssize_t simple_read_from_buffer(void __user* to, size_t count, loff_t* ppos, const void* from, size_t available) {
  const loff_t pos = *ppos;
  if (pos < 0) return -EINVAL;
  if (static_cast<size_t>(pos) >= available || count == 0) return 0;
  if (count > available - static_cast<size_t>(pos)) count = available - static_cast<size_t>(pos);
  std::memcpy(to, static_cast<const char*>(from) + pos, count);
  *ppos = pos + static_cast<loff_t>(count);
  return static_cast<ssize_t>(count);
}

ssize_t simple_write_to_buffer(void* to, size_t available, loff_t* ppos, const void __user* from, size_t count) {
  const loff_t pos = *ppos;
  if (pos < 0) return -EINVAL;
  if (static_cast<size_t>(pos) >= available || count == 0) return 0;
  if (count > available - static_cast<size_t>(pos)) count = available - static_cast<size_t>(pos);
  std::memcpy(static_cast<char*>(to) + pos, from, count);
  *ppos = pos + static_cast<loff_t>(count);
  return static_cast<ssize_t>(count);
}

int simple_open(struct inode* inode, struct file* file) {
  if (inode->i_private) file->private_data = inode->i_private;
  return 0;
}

}  // extern "C"
