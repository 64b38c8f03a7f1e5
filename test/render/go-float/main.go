// Command go-float prints the expected-output table for src/render/format-float.ts:
// for each test value, its IEEE-754 bits and how the Go reference writers of
// prometheus/common expfmt print it (writeFloat in text_create.go and
// writeOpenMetricsFloat in openmetrics_create.go). Both are strconv.FormatFloat(f, 'g',
// -1, 64) behind a few special cases; those cases are restated here because this
// program must build offline, without the prometheus/common module.
//
// Run ./generate.sh to rewrite ../go-float-table.json. The output is deterministic.
package main

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"strconv"
	"strings"
)

// textFloat is expfmt's writeFloat (text format 0.0.4).
func textFloat(f float64) string {
	switch {
	case f == 1:
		return "1"
	case f == 0: // also negative zero
		return "0"
	case f == -1:
		return "-1"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, +1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// openMetricsFloat is expfmt's writeOpenMetricsFloat.
func openMetricsFloat(f float64) string {
	switch {
	case f == 1:
		return "1.0"
	case f == 0:
		return "0.0"
	case f == -1:
		return "-1.0"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, +1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, "e.") {
		s += ".0"
	}
	return s
}

func mustParse(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return f
}

func main() {
	var values []float64
	add := func(fs ...float64) { values = append(values, fs...) }
	// A value and the doubles right below and above it.
	around := func(f float64) {
		add(math.Nextafter(f, math.Inf(-1)), f, math.Nextafter(f, math.Inf(+1)))
	}

	// Special cases of the writers.
	add(0, math.Copysign(0, -1), 1, -1, math.NaN(), math.Inf(+1), math.Inf(-1))

	// Every power of ten a double can approximate, including the subnormal ones.
	for e := -310; e <= 308; e++ {
		add(mustParse(fmt.Sprintf("1e%d", e)))
	}

	// Subnormals and the normal/subnormal boundary.
	add(mustParse("5e-324"), mustParse("4.9e-324"), mustParse("1e-323"), mustParse("1.5e-323"))
	for k := 1; k <= 9; k++ {
		add(math.SmallestNonzeroFloat64 * float64(k))
	}
	around(mustParse("2.2250738585072014e-308")) // smallest normal
	around(mustParse("2.225073858507201e-308"))  // largest subnormal
	add(mustParse("1.2345e-310"), mustParse("-3.3e-320"))

	// The layout thresholds: exponent form below 1e-4 and from 1e6 up (eprec is 6 for
	// the shortest format), and JavaScript's own threshold 1e21, which must not leak in.
	for _, s := range []string{
		"99999", "99999.5", "100000", "100000.5", "123456", "999999", "999999.4", "999999.9",
		"999999.99999999", "1e6", "1000001", "1000000.5", "1234567", "1.234567e6", "9999999",
		"123456789", "1e7", "1e15", "1e16", "1e17", "1e20", "1e21", "1e22", "1.5e21",
		"123456789012345680000", "0.0001", "0.00010001", "0.000123", "0.00009999", "0.00001",
		"0.000015", "2.5e-7", "1e-6", "1e-7", "0.001", "0.01", "0.1", "0.5", "1.5", "2.5",
		"0.3", "3.14159", "42", "100", "1000", "10000",
	} {
		f := mustParse(s)
		around(f)
		around(-f)
	}

	// Extremes and well-known awkward values.
	add(math.MaxFloat64, -math.MaxFloat64, math.Nextafter(math.MaxFloat64, 0))
	add(0.1+0.2, 1.0/3, 2.0/3, -1.0/3, math.Pi, math.E, math.Sqrt2, 1e23, 5e-324*3)
	add(mustParse("9007199254740993"), mustParse("1.7976931348623157e308"))

	// Integers: powers of two up to 2^64 and beyond 2^53, and 10^k - 1.
	for k := 0; k <= 70; k++ {
		p := math.Ldexp(1, k)
		add(p, -p, p-1, p+1)
	}
	add(9007199254740991, 9007199254740992, 9007199254740994, 18014398509481984)
	for k, p := 1, 10.0; k <= 22; k, p = k+1, p*10 {
		add(p-1, -(p - 1), p+1)
	}
	for i := 2; i <= 20; i++ {
		add(float64(i), float64(-i), float64(i)+0.25)
	}

	// Random doubles: any bit pattern, and short decimals of every magnitude.
	r := rand.New(rand.NewSource(20240901))
	for i := 0; i < 400; i++ {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) {
			continue
		}
		add(f)
	}
	for i := 0; i < 400; i++ {
		digits := r.Int63n(1_000_000_000_000) >> uint(r.Intn(40))
		e := r.Intn(640) - 330
		f, err := strconv.ParseFloat(fmt.Sprintf("%de%d", digits, e), 64)
		if err != nil {
			continue // out of range
		}
		if r.Intn(2) == 0 {
			f = -f
		}
		add(f)
	}
	// Values a metrics endpoint really writes: small decimals and latency buckets.
	for i := 0; i < 200; i++ {
		add(float64(r.Intn(100000)) / math.Pow(10, float64(r.Intn(9))))
	}

	seen := map[uint64]bool{}
	var rows []string
	for _, f := range values {
		bits := math.Float64bits(f)
		if seen[bits] {
			continue
		}
		seen[bits] = true
		rows = append(rows, fmt.Sprintf(`  {"bits": "%016x", "text": %q, "openmetrics": %q}`, bits, textFloat(f), openMetricsFloat(f)))
	}
	fmt.Fprintf(os.Stdout, "[\n%s\n]\n", strings.Join(rows, ",\n"))
}
