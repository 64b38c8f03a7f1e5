// Command go-ttl pushes one gauge with client_golang's push package, setting the group's
// time to live with the Expofmt-TTL header through a custom HTTPDoer, as the README shows
// (test/e2e/go-ttl.test.ts builds it offline against Debian's client_golang sources).
//
//	go-ttl URL TTL
package main

import (
	"fmt"
	"net/http"
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
)

type ttlDoer struct{ ttl string }

func (d ttlDoer) Do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Expofmt-TTL", d.ttl)
	return http.DefaultClient.Do(req)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go-ttl URL TTL")
		os.Exit(2)
	}
	lastSuccess := prometheus.NewGauge(prometheus.GaugeOpts{Name: "backup_last_success", Help: "The last time the backup succeeded."})
	lastSuccess.Set(1)
	if err := push.New(os.Args[1], "backup").Collector(lastSuccess).Client(ttlDoer{os.Args[2]}).Push(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
