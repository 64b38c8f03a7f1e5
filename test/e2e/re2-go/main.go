// Command re2-go answers, with Go's regexp (RE2, as Prometheus uses it for =~), whether each
// input fully matches each expression: stdin is JSON [{"re": "...", "inputs": ["..."]}],
// stdout is JSON [{"error": "..."} | {"matches": [true, ...]}], the expression anchored as
// Prometheus 2.x anchors it: ^(?:re)$ (test/e2e/re2-agreement.test.ts).
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type testCase struct {
	Re     string   `json:"re"`
	Inputs []string `json:"inputs"`
}

type answer struct {
	Error   string `json:"error,omitempty"`
	Matches []bool `json:"matches,omitempty"`
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]answer, len(cases))
	for i, c := range cases {
		re, err := regexp.Compile("^(?:" + c.Re + ")$")
		if err != nil {
			out[i].Error = err.Error()
			continue
		}
		out[i].Matches = make([]bool, len(c.Inputs))
		for j, s := range c.Inputs {
			out[i].Matches[j] = re.MatchString(s)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
