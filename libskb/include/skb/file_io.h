// libskb: where module file I/O (filp_open() and friends,
// <linux/libskb_file_io.h>) lands on the host.
//
// Every path a module opens is resolved under one scratch root directory:
// $LIBSKB_FS_ROOT if set, else a per-process directory under /tmp created on
// first use and printed on stderr. Tests read back what a module wrote (or
// put a configuration file in place for it to read) through ModuleFsPath().
#ifndef LIBSKB_SKB_FILE_IO_H_
#define LIBSKB_SKB_FILE_IO_H_

#include <string>

namespace skb {

// The scratch root, created (with its /etc, /tmp, /var/log, ... skeleton) if
// it does not exist yet.
std::string ModuleFsRoot();

// The host path of the module-visible absolute path `path` (e.g.
// "/var/log/x.log"), resolved as filp_open() resolves it.
std::string ModuleFsPath(const std::string& path);

// Uses `dir` as the scratch root from now on (created if missing); an empty
// string returns to the default ($LIBSKB_FS_ROOT or a fresh temporary
// directory). Files a module still holds open stay where they are.
void SetModuleFsRoot(const std::string& dir);

// Files opened with filp_open() and not yet closed.
int OpenModuleFiles();

}  // namespace skb

#endif  // LIBSKB_SKB_FILE_IO_H_
