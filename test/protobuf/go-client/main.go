// Command go-client is the real Go client of the protobuf tests (test/protobuf/go-client.test.ts):
// client_golang's push package and expfmt, as Debian ships them, built in GOPATH mode
// offline by build.sh.
//
//	go-client push URL    PUTs a counter and a gauge with Push(), then POSTs a histogram
//	                      and a summary with Add(), to job "go_client", instance "pb-test"
//	go-client scrape URL NAME...
//	                      GETs URL/metrics asking for delimited protobuf, fails unless the
//	                      reply is that format, decodes it with expfmt and writes the named
//	                      families back as text 0.0.4 (expfmt.MetricFamilyToText)
//	go-client push-native URL...
//	                      pushes one registry, with Push() to job "nh", to each URL: a
//	                      native histogram (bucket factor 1.1) with exemplars and a classic
//	                      histogram with exemplars; the same values and exemplars to each
//	go-client dump URL NAME...
//	                      as scrape, but writes each named family as protobuf text
//	                      (proto.MarshalTextString): every field, for a field-by-field diff
//
// Values are fixed, so the gateway's page is known exactly.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/golang/protobuf/proto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

const (
	job      = "go_client"
	instance = "pb-test"
	// What Prometheus and promhttp's own clients send: protobuf first, text as fallback.
	accept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"
)

func main() {
	if len(os.Args) < 3 {
		fail(2, "usage: go-client push URL | go-client scrape URL NAME... | go-client push-native URL... | go-client dump URL NAME...")
	}
	var err error
	switch os.Args[1] {
	case "push":
		err = pushAll(os.Args[2])
	case "scrape":
		err = scrape(os.Args[2], os.Args[3:], false)
	case "push-native":
		err = pushNative(os.Args[2:])
	case "dump":
		err = scrape(os.Args[2], os.Args[3:], true)
	default:
		fail(2, "unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(1, "%v", err)
	}
}

func pushAll(url string) error {
	ops := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "go_client_ops_total",
		Help: "Operations done, by kind. A \"quoted\" word and a backslash \\ in the help.",
	}, []string{"kind"})
	ops.WithLabelValues("read").Add(42)
	ops.WithLabelValues("write").Add(7.5)
	temperature := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "go_client_temperature_celsius",
		Help:        "A gauge with a constant label.",
		ConstLabels: prometheus.Labels{"room": "lab \"A\"\n2"},
	})
	temperature.Set(-3.25)
	if err := push.New(url, job).Grouping("instance", instance).Collector(ops).Collector(temperature).Push(); err != nil {
		return fmt.Errorf("Push: %w", err)
	}

	latency := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "go_client_latency_seconds",
		Help:    "A histogram with classic buckets.",
		Buckets: []float64{0.1, 0.5, 1, 2.5},
	})
	for _, v := range []float64{0.05, 0.3, 0.3, 0.7, 2, 9} {
		latency.Observe(v)
	}
	size := prometheus.NewSummary(prometheus.SummaryOpts{
		Name:       "go_client_payload_bytes",
		Help:       "A summary with three objectives.",
		Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01, 0.99: 0.001},
	})
	for v := 1; v <= 10; v++ {
		size.Observe(float64(v * 100))
	}
	if err := push.New(url, job).Grouping("instance", instance).Collector(latency).Collector(size).Add(); err != nil {
		return fmt.Errorf("Add: %w", err)
	}
	return nil
}

func pushNative(urls []string) error {
	reg := prometheus.NewRegistry()
	native := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:                        "go_client_nh_seconds",
		Help:                        "A native histogram with exemplars.",
		NativeHistogramBucketFactor: 1.1,
	})
	classic := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "go_client_classic_seconds",
		Help:    "A classic histogram with exemplars.",
		Buckets: []float64{0.1, 0.5, 1, 5},
	})
	reg.MustRegister(native, classic)
	for i, v := range []float64{-1.5, 0, 0.001, 0.3, 0.3, 0.31, 1.2, 2.5, 7, 100} {
		if i%3 == 0 {
			trace := prometheus.Labels{"trace_id": fmt.Sprintf("t%d", i)}
			native.(prometheus.ExemplarObserver).ObserveWithExemplar(v, trace)
			classic.(prometheus.ExemplarObserver).ObserveWithExemplar(v, trace)
		} else {
			native.Observe(v)
			classic.Observe(v)
		}
	}
	for _, url := range urls {
		if err := push.New(url, "nh").Gatherer(reg).Push(); err != nil {
			return fmt.Errorf("Push to %s: %w", url, err)
		}
	}
	return nil
}

func scrape(url string, names []string, dump bool) error {
	req, err := http.NewRequest(http.MethodGet, url+"/metrics", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	if format := expfmt.ResponseFormat(resp.Header); format != expfmt.FmtProtoDelim {
		return fmt.Errorf("GET /metrics answered %q (%q), not delimited protobuf", format, resp.Header.Get("Content-Type"))
	}
	wanted := map[string]bool{}
	for _, name := range names {
		wanted[name] = true
	}
	decoder := expfmt.NewDecoder(resp.Body, expfmt.FmtProtoDelim)
	families := 0
	for {
		var mf dto.MetricFamily
		if err := decoder.Decode(&mf); err != nil {
			if err == io.EOF {
				break
			}
			return fmt.Errorf("decoding family %d: %w", families+1, err)
		}
		families++
		if wanted[mf.GetName()] {
			if dump {
				fmt.Print(proto.MarshalTextString(&mf))
			} else if _, err := expfmt.MetricFamilyToText(os.Stdout, &mf); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "decoded %d families\n", families)
	return nil
}

func fail(code int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go-client: "+format+"\n", args...)
	os.Exit(code)
}
