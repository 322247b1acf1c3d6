// linkem: delay and loss on a host's link where the kernel has no tc netem. iptables rules in the host's network
// namespace send the packets of its link to an nfnetlink queue; linkem, running in that namespace, drops each with
// probability LOSS at once and accepts the others DELAY after they were queued. The delay is the same for every
// packet, so the order of the packets that pass is kept.
//
//	linkem -queue 0 -delay 100ms -loss 2%
//
// On SIGTERM or SIGINT it stops reading, lets the packets it holds go at their time, prints what it did and exits 0.
// It adds and removes no rule: whoever routes packets to the queue removes those rules (before stopping it, or the
// packets queued after it closed its socket are dropped by the kernel).
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// held is a packet waiting for its verdict.
type held struct {
	id  uint32
	due time.Time
}

func main() {
	queueNum := flag.Uint("queue", 0, "nfnetlink queue number (the iptables NFQUEUE rules' --queue-num)")
	delay := flag.Duration("delay", 0, "added delay per packet, e.g. 100ms")
	lossText := flag.String("loss", "0%", "probability that a packet is dropped, in percent (2% or 2)")
	maxLen := flag.Uint("queue-length", 8192, "packets the kernel holds for linkem; a packet arriving at a full queue is dropped")
	flag.Parse()
	loss, err := parsePercent(*lossText)
	if err != nil || *delay < 0 || *queueNum > 65535 || *maxLen == 0 || flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "linkem: usage: linkem -queue N -delay DURATION -loss PERCENT (%v)\n", errOrArgs(err))
		os.Exit(2)
	}
	q, err := openQueue(uint16(*queueNum), uint32(*maxLen), 8<<20)
	if err != nil {
		fmt.Fprintf(os.Stderr, "linkem: %v\n", err)
		os.Exit(1)
	}
	defer q.close()
	fmt.Printf("linkem: queue %d bound: delay %v, loss %g%%\n", *queueNum, *delay, loss*100)

	var stop atomic.Bool
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-signals; stop.Store(true) }()

	// The kernel holds at most maxLen packets for the queue, so the channel never blocks the reader.
	pending := make(chan held, *maxLen)
	released := make(chan error, 1)
	var accepted, dropped, overruns uint64
	go func() { released <- release(q, pending, &accepted) }()

	buf := make([]byte, 1<<16)
	var ids []uint32
	var drop []uint32
	for !stop.Load() {
		ids, err = q.receive(buf, ids[:0])
		now := time.Now()
		switch {
		case errors.Is(err, errTimeout):
		case errors.Is(err, errOverrun):
			overruns++
		case err != nil:
			fmt.Fprintf(os.Stderr, "linkem: receive: %v\n", err)
			os.Exit(1)
		}
		drop = drop[:0]
		for _, id := range ids {
			if loss > 0 && rand.Float64() < loss {
				drop = append(drop, id)
			} else {
				pending <- held{id: id, due: now.Add(*delay)}
			}
		}
		if err := q.verdicts(drop, verdictDrop); err != nil {
			fmt.Fprintf(os.Stderr, "linkem: verdict: %v\n", err)
			os.Exit(1)
		}
		dropped += uint64(len(drop))
	}
	close(pending)
	if err := <-released; err != nil {
		fmt.Fprintf(os.Stderr, "linkem: verdict: %v\n", err)
		os.Exit(1)
	}
	total := accepted + dropped
	share := 0.0
	if total > 0 {
		share = float64(dropped) / float64(total) * 100
	}
	fmt.Printf("linkem: stopped: %d packets, %d accepted, %d dropped (%.1f%%), %d receive buffer overruns\n", total, accepted, dropped, share, overruns)
}

// release accepts each held packet at its due time, in the order they came (their due times only grow). Packets
// that are due together go in one datagram. It returns once pending is closed and emptied.
func release(q *queue, pending <-chan held, accepted *uint64) error {
	var batch []uint32
	flush := func() error {
		if err := q.verdicts(batch, verdictAccept); err != nil {
			return err
		}
		*accepted += uint64(len(batch))
		batch = batch[:0]
		return nil
	}
	for next := range pending {
		if wait := time.Until(next.due); wait > 0 {
			if err := flush(); err != nil {
				return err
			}
			time.Sleep(wait)
		}
		batch = append(batch, next.id)
		if len(pending) == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// parsePercent reads "2%", "2" or "0.5%" as a probability.
func parsePercent(text string) (float64, error) {
	value, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(text), "%"), 64)
	if err != nil || value < 0 || value > 100 {
		return 0, fmt.Errorf("loss %q is not a percentage from 0 to 100", text)
	}
	return value / 100, nil
}

func errOrArgs(err error) string {
	if err != nil {
		return err.Error()
	}
	return "bad arguments"
}
