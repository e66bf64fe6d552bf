package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium is Debian's package (`apt-get install -y chromium`).
const chromium = "/usr/bin/chromium"

// rendered is what the page shows once Chromium has laid it out.
type rendered struct {
	Gate        string `json:"gate"`
	HIPAARows   int    `json:"hipaaRows"`
	SOC2Rows    int    `json:"soc2Rows"`
	HIPAATitles int    `json:"hipaaTitles"`
	Findings    bool   `json:"findings"`
	FindingRows int    `json:"findingRows"`
	Evidence    string `json:"evidence"`
	// Visible: the three sections have a size on the page.
	Visible bool `json:"visible"`
}

const inspect = `(() => {
  const rows = sel => document.querySelectorAll(sel);
  const box = id => { const e = document.getElementById(id); return !!e && e.getBoundingClientRect().height > 0; };
  return {
    gate: (document.getElementById('gate') || {}).innerText || '',
    hipaaRows: rows('#controls-hipaa tr.control').length,
    soc2Rows: rows('#controls-soc2 tr.control').length,
    hipaaTitles: [...rows('#controls-hipaa tr.control')].filter(r => r.cells[1].innerText.trim() !== '').length,
    findings: !!document.getElementById('findings'),
    findingRows: rows('#findings tr.finding').length,
    evidence: (document.getElementById('evidence') || {}).innerText || '',
    visible: box('evidence') && box('controls-hipaa') && box('controls-soc2') && box('findings'),
  };
})()`

// TestHTMLReportsRenderInChromium loads every stack's HTML report in a real
// headless Chromium from a loopback server and checks that it renders with
// no console error and shows the control tables, the findings and the
// evidence block.
func TestHTMLReportsRenderInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		msg := chromium + " is absent: install Debian's chromium (apt-get update && apt-get install -y chromium) to check the HTML report in a browser"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	out := t.TempDir()
	if err := run(io.Discard, io.Discard, options{out: out}); err != nil && err != errGate {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	// Starting Chromium on a busy 2-core machine takes seconds.
	ctx, cancel := context.WithTimeout(browser, 3*time.Minute)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	// chromedp enables the runtime domain; the log domain reports what the
	// page's loading got wrong (a failed request).
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}

	// The listener must see what it is there to catch: a page with a
	// console error, an exception and a failed request.
	bad := `<!doctype html><html><head><link rel="icon" href="data:,"></head><body id="findings">x
<img src="/missing.png"><script>console.error("broken"); null.x;</script></body></html>`
	if err := os.WriteFile(filepath.Join(out, "broken.html"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/broken.html"), chromedp.WaitVisible(chromedp.ID("findings")), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	caught := strings.Join(problems, "\n")
	mu.Unlock()
	for _, want := range []string{"console.error: \"broken\"", "exception: Uncaught", "missing.png"} {
		if !strings.Contains(caught, want) {
			t.Errorf("the console listener missed %q in a broken page; it caught:\n%s", want, caught)
		}
	}

	for _, stack := range stacks(t) {
		t.Run(stack, func(t *testing.T) {
			mu.Lock()
			problems = nil
			mu.Unlock()
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/"+stack+".html"),
				chromedp.WaitVisible(chromedp.ID("findings")),
			); err != nil {
				t.Fatalf("rendering %s.html: %v", stack, err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[rendered](inspect))
			if err != nil {
				t.Fatalf("inspecting %s.html: %v", stack, err)
			}
			rep := readReport(t, filepath.Join(out, stack+".json"))
			hipaa, soc2 := map[string]bool{}, map[string]bool{}
			for _, rr := range rep.Rules {
				for _, id := range rr.HIPAA {
					hipaa[id] = true
				}
				for _, id := range rr.SOC2 {
					soc2[id] = true
				}
			}
			if got.HIPAARows != len(hipaa) || got.HIPAATitles != len(hipaa) || got.SOC2Rows != len(soc2) {
				t.Errorf("control tables: %d HIPAA rows (%d titled), %d SOC 2 rows; want %d and %d", got.HIPAARows, got.HIPAATitles, got.SOC2Rows, len(hipaa), len(soc2))
			}
			if !got.Findings || got.FindingRows != len(rep.Violations) {
				t.Errorf("findings section %v with %d rows, want %d", got.Findings, got.FindingRows, len(rep.Violations))
			}
			ev := rep.Evidence
			for _, want := range []string{ev.Git.Commit, "carestack-hipaa-soc2 1.0.0", ev.PolicyConfig.SHA256, "v3.274.1", "v6.83.4", "v2.22.0", stack + " / " + ev.Environment} {
				if !strings.Contains(got.Evidence, want) {
					t.Errorf("evidence block lacks %q:\n%s", want, got.Evidence)
				}
			}
			if !got.Visible || !strings.HasPrefix(got.Gate, "Gate: ") {
				t.Errorf("sections visible %v, gate %q", got.Visible, got.Gate)
			}
			// Let late console messages arrive before reading them.
			_ = chromedp.Do(ctx, chromedp.Sleep(200*time.Millisecond))
			mu.Lock()
			defer mu.Unlock()
			if len(problems) > 0 {
				t.Errorf("console errors rendering %s.html:\n%s", stack, fmt.Sprint(strings.Join(problems, "\n")))
			}
		})
	}
}
