#pragma once
// A disk that fails on demand, at the boundary between SQLite and the
// operating system: a VFS wrapped around the real one ("unix"), made SQLite's
// default while a FaultyDisk lives, so that every database the test opens
// afterwards goes through it and SQLite's own error paths run for real.
//
// Only the files of a database (the main file, its WAL, its rollback journal)
// fail; SQLite's temporary files and the WAL index (shared memory) do not.
// Reads always work, as they do on a full or read-only disk.
#include <cstdint>

namespace sesame::testing {

enum class DiskFault {
  none,
  // No space left: writes fail with SQLITE_FULL (what SQLite reports for
  // ENOSPC), and so does a truncation that would make a file larger.
  full,
  // The file system went read-only: writes and truncations through files
  // already open fail with SQLITE_IOERR_WRITE / _TRUNCATE (EROFS), files
  // opened afterwards are opened read-only (SQLite then refuses every write
  // with SQLITE_READONLY), deletions fail.
  read_only,
  // A failing device: writes, truncations and syncs fail with SQLITE_IOERR_*.
  io_error,
};

// The switch. Not copyable; one at a time.
class FaultyDisk {
 public:
  FaultyDisk();   // the wrapper becomes SQLite's default VFS, without fault
  ~FaultyDisk();  // the fault cleared, the real VFS the default again
  FaultyDisk(const FaultyDisk&) = delete;
  FaultyDisk& operator=(const FaultyDisk&) = delete;

  // From now on, after `after_writes` more writes that succeed.
  void fail(DiskFault fault, std::int64_t after_writes = 0);
  // The disk works again (space freed, remounted read-write).
  void heal();

  // Writes to database files that went through, since this object was made.
  std::int64_t writes() const;
  // Operations the fault refused since the last fail().
  std::int64_t refused() const;
};

}  // namespace sesame::testing
