package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBareLFGetsAnAnswer: requests whose header lines end in a bare LF
// used to hang until the read timeout with no answer. Now each gets a
// clean 400 tagged X-Response-Src: mcp, and nothing reaches the emulator;
// bare LFs inside bodies (JSON whitespace, chunk data) are left alone.
func TestBareLFGetsAnAnswer(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_ENABLE_PASSTHROUGH": "true"})
	addr := strings.TrimPrefix(st.base, "http://")
	body := `{"name":"get_channel_info","arguments":{"channel_id":"` + general + `"}}`
	cl := "Content-Length: " + strconv.Itoa(len(body))
	for name, raw := range map[string]string{
		"GET, LF only":                     "GET /api/v10/channels/" + general + "/messages HTTP/1.1\nHost: " + addr + "\nX-Privileged-Call: 1\n\n",
		"POST with body, LF only":          "POST /v1/tools/call HTTP/1.1\nHost: " + addr + "\nContent-Type: application/json\n" + cl + "\n\n" + body,
		"CRLF request line, LF headers":    "GET /healthz HTTP/1.1\r\nHost: " + addr + "\nAccept: */*\n\n",
		"LF only on the blank line":        "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\n" + cl + "\r\n\n" + body,
		"LF in the middle":                 "GET /v1/tools/list HTTP/1.1\r\nHost: " + addr + "\r\nAccept: */*\nX-A: b\r\n\r\n",
		"second pipelined request LF only": "GET /v1/tools/list HTTP/1.1\r\nHost: " + addr + "\r\n\r\nGET /v1/tools/list HTTP/1.1\nHost: " + addr + "\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			st.emu.ResetStats()
			statuses := readAll(t, addr, raw)
			last := statuses[len(statuses)-1]
			if last.StatusCode != 400 || last.Header.Get("X-Response-Src") != "mcp" {
				t.Errorf("want a 400 from the proxy, got %d src=%q", last.StatusCode, last.Header.Get("X-Response-Src"))
			}
			if n := st.emu.Stats().Total; n != 0 {
				t.Errorf("the emulator saw %d requests", n)
			}
		})
	}
	// Controls: CRLF requests on one connection, with LFs inside a JSON
	// body and inside chunked data, are all served.
	jsonLF := "{\n\"name\": \"get_channel_info\",\n\"arguments\": {\"channel_id\": \"" + general + "\"}\n}"
	chunk := jsonLF[:10] + "\n"
	rest := jsonLF[10:]
	pipelined := "POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(jsonLF)) + "\r\n\r\n" + jsonLF +
		"POST /v1/tools/call HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
		strconv.FormatInt(int64(len(chunk)), 16) + "\r\n" + chunk + "\r\n" + strconv.FormatInt(int64(len(rest)), 16) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n" +
		"GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n"
	got := readAll(t, addr, pipelined)
	if len(got) != 3 {
		t.Fatalf("%d answers to 3 pipelined requests", len(got))
	}
	for i, r := range got {
		if r.StatusCode != 200 {
			t.Errorf("pipelined request %d: %d", i, r.StatusCode)
		}
	}
}

// readAll sends raw on one connection and reads answers until the server
// closes it; the deadline turns a hang into a failure.
func readAll(t *testing.T, addr, raw string) []*http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	var out []*http.Response
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			if len(out) == 0 {
				t.Fatalf("no answer: %v", err)
			}
			return out
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out = append(out, resp)
		if resp.Close {
			return out
		}
	}
}

// TestFramerSplitReads: the framer finds the same bare LF, and flags
// nothing in CRLF traffic with LFs in its bodies, however the bytes are
// split across reads.
func TestFramerSplitReads(t *testing.T) {
	t.Parallel()
	body := "{\n\"a\": \"b\n\"\n}"
	good := "\r\nPOST /x HTTP/1.1\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body +
		"POST /x HTTP/1.1\r\ntransfer-encoding: Chunked\r\nX: y\r\n\r\n5\r\n\n\n\n\n\n\r\n3;x=y\r\n\n\n\n\r\n0\r\nTrailer: z\r\n\r\n" +
		"GET /y HTTP/1.1\r\nHost: h\r\n\r\n"
	bad := good + "GET /z HTTP/1.1\r\nHost: h\n\r\n"
	for size := 1; size <= len(bad); size++ {
		for _, c := range []struct {
			in   string
			want int
		}{{good, -1}, {bad, len(good) + strings.Index("GET /z HTTP/1.1\r\nHost: h\n", "h\n") + 1}} {
			f := framer{firstLine: true}
			got := -1
			for off := 0; off < len(c.in) && got < 0; off += size {
				chunk := []byte(c.in[off:min(off+size, len(c.in))])
				if i := f.scan(chunk); i >= 0 {
					got = off + i
				}
			}
			if got != c.want {
				t.Fatalf("reads of %d bytes: bare LF at %d, want %d", size, got, c.want)
			}
		}
	}
}

// TestMalformedRequestLogsNoToken: fasthttp quotes a bad header value in
// its error; the process log gets the error without it.
func TestMalformedRequestLogsNoToken(t *testing.T) {
	t.Parallel()
	st := startStack(t, map[string]string{"DMP_LOG_LEVEL": "debug"})
	addr := strings.TrimPrefix(st.base, "http://")
	secret := "Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token"
	got := readAll(t, addr, "GET /healthz HTTP/1.1\r\nHost: "+addr+"\r\nAuthorization: "+secret+"\x7f\r\n\r\n")
	if got[0].StatusCode != 400 || got[0].Header.Get("X-Response-Src") != "mcp" {
		t.Errorf("want a 400 from the proxy, got %d", got[0].StatusCode)
	}
	// fasthttp logs the error after it has written the 400, so the line
	// may land a moment after the answer.
	logs := st.logs.String()
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(logs, "http: refused a request") && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		logs = st.logs.String()
	}
	if !strings.Contains(logs, "http: refused a request") {
		t.Errorf("fasthttp's message did not reach the process log:\n%s", logs)
	}
	if strings.Contains(logs, "secret-token") {
		t.Errorf("the log quotes the token:\n%s", logs)
	}
}
