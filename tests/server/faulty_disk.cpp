#include "faulty_disk.h"

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <stdexcept>

namespace sesame::testing {

namespace {

// What the wrapper knows of the fault; SQLite calls it from any thread.
struct State {
  std::atomic<DiskFault> fault{DiskFault::none};
  std::atomic<std::int64_t> allowance{0};  // writes still let through before the fault starts
  std::atomic<std::int64_t> writes{0};
  std::atomic<std::int64_t> refused{0};
};

State state;
sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs faulty_vfs;
sqlite3_io_methods faulty_methods;

// Our file: SQLite allocates szOsFile bytes; the real VFS's file follows ours.
struct FaultyFile {
  sqlite3_file base;
  sqlite3_file* real;
  bool faultable;  // a database's main file, WAL or journal
};

constexpr std::size_t kRealOffset = (sizeof(FaultyFile) + 15) / 16 * 16;

FaultyFile* faulty(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file); }
sqlite3_file* real(sqlite3_file* file) { return faulty(file)->real; }

// The fault in force for this file, if its start has come (without using up a write).
DiskFault engaged(sqlite3_file* file) {
  if (!faulty(file)->faultable) return DiskFault::none;
  const DiskFault fault = state.fault.load();
  if (fault == DiskFault::none || state.allowance.load() > 0) return DiskFault::none;
  return fault;
}

int refuse(int code) {
  ++state.refused;
  return code;
}

// ---- The file's methods: each forwards to the real file unless the fault refuses.

int file_close(sqlite3_file* file) {
  const int rc = real(file)->pMethods ? real(file)->pMethods->xClose(real(file)) : SQLITE_OK;
  file->pMethods = nullptr;
  return rc;
}

int file_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return real(file)->pMethods->xRead(real(file), buffer, amount, offset);
}

int file_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (faulty(file)->faultable && state.fault.load() != DiskFault::none) {
    // Uses up one write of the allowance; the first one past it fails.
    if (state.allowance.fetch_sub(1) <= 0) {
      state.allowance.store(0);
      switch (state.fault.load()) {
        case DiskFault::full:
          return refuse(SQLITE_FULL);
        case DiskFault::read_only:
        case DiskFault::io_error:
          return refuse(SQLITE_IOERR_WRITE);
        case DiskFault::none:
          break;
      }
    }
  }
  const int rc = real(file)->pMethods->xWrite(real(file), buffer, amount, offset);
  if (rc == SQLITE_OK && faulty(file)->faultable) ++state.writes;
  return rc;
}

int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  switch (engaged(file)) {
    case DiskFault::full: {
      // Making a file smaller needs no space.
      sqlite3_int64 current = 0;
      if (real(file)->pMethods->xFileSize(real(file), &current) != SQLITE_OK || size > current)
        return refuse(SQLITE_FULL);
      break;
    }
    case DiskFault::read_only:
    case DiskFault::io_error:
      return refuse(SQLITE_IOERR_TRUNCATE);
    case DiskFault::none:
      break;
  }
  return real(file)->pMethods->xTruncate(real(file), size);
}

int file_sync(sqlite3_file* file, int flags) {
  if (engaged(file) == DiskFault::io_error) return refuse(SQLITE_IOERR_FSYNC);
  return real(file)->pMethods->xSync(real(file), flags);
}

int file_size(sqlite3_file* file, sqlite3_int64* size) { return real(file)->pMethods->xFileSize(real(file), size); }
int file_lock(sqlite3_file* file, int level) { return real(file)->pMethods->xLock(real(file), level); }
int file_unlock(sqlite3_file* file, int level) { return real(file)->pMethods->xUnlock(real(file), level); }
int file_check_reserved_lock(sqlite3_file* file, int* out) {
  return real(file)->pMethods->xCheckReservedLock(real(file), out);
}
int file_control(sqlite3_file* file, int op, void* argument) {
  return real(file)->pMethods->xFileControl(real(file), op, argument);
}
int file_sector_size(sqlite3_file* file) { return real(file)->pMethods->xSectorSize(real(file)); }
int file_device_characteristics(sqlite3_file* file) {
  return real(file)->pMethods->xDeviceCharacteristics(real(file));
}
int file_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real(file)->pMethods->xShmMap(real(file), region, size, extend, out);
}
int file_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real(file)->pMethods->xShmLock(real(file), offset, n, flags);
}
void file_shm_barrier(sqlite3_file* file) { real(file)->pMethods->xShmBarrier(real(file)); }
int file_shm_unmap(sqlite3_file* file, int delete_flag) {
  return real(file)->pMethods->xShmUnmap(real(file), delete_flag);
}
int file_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return real(file)->pMethods->xFetch(real(file), offset, amount, out);
}
int file_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer) {
  return real(file)->pMethods->xUnfetch(real(file), offset, pointer);
}

// ---- The VFS: opens wrap the real file; the rest forwards to the real VFS.

int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  FaultyFile* ours = faulty(file);
  ours->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  ours->real->pMethods = nullptr;
  ours->faultable = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL)) != 0;
  file->pMethods = nullptr;
  if (ours->faultable && (flags & SQLITE_OPEN_READWRITE) && engaged(file) == DiskFault::read_only) {
    // What the real VFS does when open(O_RDWR) fails with EROFS: try read-only.
    // The fault is met here too: a server that opens a new connection (more
    // requests at once on a loaded machine) meets the read-only disk this way
    // before any write is refused.
    ++state.refused;
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
  }
  const int rc = real_vfs->xOpen(real_vfs, name, ours->real, flags, out_flags);
  // A real file with methods must be closed through ours, even after a failure.
  if (ours->real->pMethods) file->pMethods = &faulty_methods;
  return rc;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (state.fault.load() == DiskFault::read_only && state.allowance.load() <= 0)
    return refuse(SQLITE_IOERR_DELETE);
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}

int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  const int rc = real_vfs->xAccess(real_vfs, name, flags, out);
  if (rc == SQLITE_OK && flags == SQLITE_ACCESS_READWRITE && state.fault.load() == DiskFault::read_only &&
      state.allowance.load() <= 0)
    *out = 0;
  return rc;
}

int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void vfs_dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int vfs_randomness(sqlite3_vfs*, int size, char* out) { return real_vfs->xRandomness(real_vfs, size, out); }
int vfs_sleep(sqlite3_vfs*, int microseconds) { return real_vfs->xSleep(real_vfs, microseconds); }
int vfs_current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int vfs_get_last_error(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xGetLastError(real_vfs, size, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

// Registered once, kept for the life of the process: connections opened
// through it keep pointing at it after the FaultyDisk that made it default.
void register_once() {
  static const bool registered = [] {
    if (sqlite3_initialize() != SQLITE_OK) throw std::runtime_error("sqlite3_initialize failed");
    real_vfs = sqlite3_vfs_find(nullptr);
    if (!real_vfs || real_vfs->iVersion < 2) throw std::runtime_error("no usable default SQLite VFS");

    faulty_methods = sqlite3_io_methods{};
    faulty_methods.iVersion = 3;
    faulty_methods.xClose = file_close;
    faulty_methods.xRead = file_read;
    faulty_methods.xWrite = file_write;
    faulty_methods.xTruncate = file_truncate;
    faulty_methods.xSync = file_sync;
    faulty_methods.xFileSize = file_size;
    faulty_methods.xLock = file_lock;
    faulty_methods.xUnlock = file_unlock;
    faulty_methods.xCheckReservedLock = file_check_reserved_lock;
    faulty_methods.xFileControl = file_control;
    faulty_methods.xSectorSize = file_sector_size;
    faulty_methods.xDeviceCharacteristics = file_device_characteristics;
    faulty_methods.xShmMap = file_shm_map;
    faulty_methods.xShmLock = file_shm_lock;
    faulty_methods.xShmBarrier = file_shm_barrier;
    faulty_methods.xShmUnmap = file_shm_unmap;
    faulty_methods.xFetch = file_fetch;
    faulty_methods.xUnfetch = file_unfetch;

    faulty_vfs = sqlite3_vfs{};
    faulty_vfs.iVersion = 2;
    faulty_vfs.szOsFile = static_cast<int>(kRealOffset) + real_vfs->szOsFile;
    faulty_vfs.mxPathname = real_vfs->mxPathname;
    faulty_vfs.zName = "sesame-faulty-disk";
    faulty_vfs.xOpen = vfs_open;
    faulty_vfs.xDelete = vfs_delete;
    faulty_vfs.xAccess = vfs_access;
    faulty_vfs.xFullPathname = vfs_full_pathname;
    faulty_vfs.xDlOpen = vfs_dl_open;
    faulty_vfs.xDlError = vfs_dl_error;
    faulty_vfs.xDlSym = vfs_dl_sym;
    faulty_vfs.xDlClose = vfs_dl_close;
    faulty_vfs.xRandomness = vfs_randomness;
    faulty_vfs.xSleep = vfs_sleep;
    faulty_vfs.xCurrentTime = vfs_current_time;
    faulty_vfs.xGetLastError = vfs_get_last_error;
    faulty_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    if (sqlite3_vfs_register(&faulty_vfs, 0) != SQLITE_OK) throw std::runtime_error("cannot register the VFS");
    return true;
  }();
  (void)registered;
}

}  // namespace

FaultyDisk::FaultyDisk() {
  register_once();
  heal();
  state.writes = 0;
  sqlite3_vfs_register(&faulty_vfs, 1);
}

FaultyDisk::~FaultyDisk() {
  heal();
  sqlite3_vfs_register(real_vfs, 1);
}

void FaultyDisk::fail(DiskFault fault, std::int64_t after_writes) {
  state.refused = 0;
  state.allowance = after_writes;
  state.fault = fault;
}

void FaultyDisk::heal() {
  state.fault = DiskFault::none;
  state.allowance = 0;
}

std::int64_t FaultyDisk::writes() const { return state.writes.load(); }
std::int64_t FaultyDisk::refused() const { return state.refused.load(); }

}  // namespace sesame::testing
