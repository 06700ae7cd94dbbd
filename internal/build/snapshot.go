package build

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// snapshot is the files of a group (the settings, the dataset, the
// templates) as one load read them, for the group's parser to read in turn:
// so each file is read once per load, and what is parsed is what was hashed.
// A save between the two reads would otherwise give the model bytes that
// the cache's hashes do not describe. A file that could not be read gives
// the parser the same error.
type snapshot map[string]snapshotFile

type snapshotFile struct {
	data []byte
	err  error
}

// ReadFile returns name's bytes as read, or the error reading it gave.
func (s snapshot) ReadFile(name string) ([]byte, error) {
	f, ok := s[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.data, f.err
}

// Open opens a file of the snapshot; folders are only listed (ReadDir).
func (s snapshot) Open(name string) (fs.File, error) {
	data, err := s.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &snapshotReader{Reader: bytes.NewReader(data), info: snapshotInfo{name: path.Base(name), size: int64(len(data))}}, nil
}

// ReadDir lists the files of the snapshot in the folder dir, sorted by name.
func (s snapshot) ReadDir(dir string) ([]fs.DirEntry, error) {
	var list []fs.DirEntry
	for name, f := range s {
		if path.Dir(name) == dir {
			list = append(list, fs.FileInfoToDirEntry(snapshotInfo{name: path.Base(name), size: int64(len(f.data))}))
		}
	}
	if list == nil {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: fs.ErrNotExist}
	}
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, nil
}

type snapshotReader struct {
	*bytes.Reader
	info snapshotInfo
}

func (r *snapshotReader) Stat() (fs.FileInfo, error) { return r.info, nil }
func (r *snapshotReader) Close() error               { return nil }

type snapshotInfo struct {
	name string
	size int64
}

func (i snapshotInfo) Name() string       { return i.name }
func (i snapshotInfo) Size() int64        { return i.size }
func (i snapshotInfo) Mode() fs.FileMode  { return 0o444 }
func (i snapshotInfo) ModTime() time.Time { return time.Time{} }
func (i snapshotInfo) IsDir() bool        { return false }
func (i snapshotInfo) Sys() any           { return nil }
