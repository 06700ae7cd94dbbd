package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheck: an output folder is refused when replacing it would lose
// anything but an earlier build, however it is named. The messages are
// those cmd/briefing prints (see its testdata/hostile/out-*.txtar).
func TestCheck(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, d := range []string{"content", "templates", "static"} {
		os.MkdirAll(filepath.Join(site, d), 0o755)
	}
	os.MkdirAll(filepath.Join(root, "notes"), 0o755)
	os.WriteFile(filepath.Join(root, "notes", "todo.txt"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(root, "built"), 0o755)
	os.WriteFile(filepath.Join(root, "built", "index.html"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(root, "empty"), 0o755)
	os.WriteFile(filepath.Join(root, "file"), []byte("x"), 0o644)
	linked := os.Symlink(site, filepath.Join(root, "link")) == nil

	for _, tc := range []struct {
		out, want string
		link      bool
	}{
		{out: "public"},          // beside the site, new
		{out: "../built"},        // an earlier build
		{out: "../empty"},        // an empty folder
		{out: "../new/deep/out"}, // made when the build starts
		{out: ".", want: "would replace the site folder"},
		{out: "..", want: "would replace the site folder"},
		{out: "content/public", want: "is inside the site's content/ folder"},
		{out: "static", want: "is inside the site's static/ folder"},
		{out: "../notes", want: "is not empty and holds no built site (no index.html)"},
		{out: "../file", want: "is a file, not a folder"},
		{out: "../link", want: "would replace the site folder", link: true},
		{out: "../link/templates/x", want: "is inside the site's templates/ folder", link: true},
	} {
		if tc.link && !linked {
			continue
		}
		out := filepath.Join(site, tc.out)
		err := Check(site, out, "content", "templates", "static")
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%s): %v", tc.out, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "output folder "+out+" ")):
			t.Errorf("Check(%s)\nhave %v\nwant %q", tc.out, err, tc.want)
		}
	}
}
