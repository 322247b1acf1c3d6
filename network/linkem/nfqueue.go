package main

// nfnetlink_queue spoken by hand over a netlink socket (linux/netfilter/nfnetlink_queue.h): bind a queue, read the
// packets the kernel queues to it, and give each a verdict. Only the packet id is needed, so the kernel copies
// metadata and no payload (NFQNL_COPY_META).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"time"
)

const (
	netlinkNetfilter = 12 // NETLINK_NETFILTER
	subsysQueue      = 3  // NFNL_SUBSYS_QUEUE

	msgPacket  = subsysQueue<<8 | 0 // NFQNL_MSG_PACKET
	msgVerdict = subsysQueue<<8 | 1 // NFQNL_MSG_VERDICT
	msgConfig  = subsysQueue<<8 | 2 // NFQNL_MSG_CONFIG

	attrPacketHeader  = 1 // NFQA_PACKET_HDR
	attrVerdictHeader = 2 // NFQA_VERDICT_HDR

	attrConfigCommand  = 1 // NFQA_CFG_CMD
	attrConfigParams   = 2 // NFQA_CFG_PARAMS
	attrConfigMaxLen   = 3 // NFQA_CFG_QUEUE_MAXLEN
	attrConfigMask     = 4 // NFQA_CFG_MASK
	attrConfigFlags    = 5 // NFQA_CFG_FLAGS
	commandBind        = 1 // NFQNL_CFG_CMD_BIND
	copyMeta           = 1 // NFQNL_COPY_META
	flagFailOpen       = 1 // NFQA_CFG_F_FAIL_OPEN
	attrTypeMask       = 0x3fff
	netlinkHeaderBytes = 16
	nfgenHeaderBytes   = 4
)

// Verdicts (linux/netfilter.h).
const (
	verdictDrop   uint32 = 0 // NF_DROP
	verdictAccept uint32 = 1 // NF_ACCEPT
)

var native = binary.NativeEndian

// queue is one bound nfnetlink queue in the network namespace the process runs in.
type queue struct {
	fd  int
	num uint16
	seq uint32
}

// openQueue binds queue num with room for maxLen packets in the kernel. Fail-open is off: a packet that finds the
// queue full is dropped, as on a congested link. A receive timeout lets the reading loop notice a stop request.
func openQueue(num uint16, maxLen uint32, receiveBuffer int) (*queue, error) {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, netlinkNetfilter)
	if err != nil {
		return nil, fmt.Errorf("netlink socket: %w", err)
	}
	q := &queue{fd: fd, num: num}
	if err := syscall.Bind(fd, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		q.close()
		return nil, fmt.Errorf("bind netlink socket: %w", err)
	}
	// Root may raise the buffer past rmem_max; a packet whose message does not fit is dropped by the kernel.
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUFFORCE, receiveBuffer); err != nil {
		q.close()
		return nil, fmt.Errorf("receive buffer: %w", err)
	}
	timeout := syscall.NsecToTimeval((200 * time.Millisecond).Nanoseconds())
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &timeout); err != nil {
		q.close()
		return nil, fmt.Errorf("receive timeout: %w", err)
	}
	config := newMessage(msgConfig, syscall.NLM_F_REQUEST|syscall.NLM_F_ACK, q.nextSeq(), num)
	config.attr(attrConfigCommand, []byte{commandBind, 0, 0, syscall.AF_INET})
	params := make([]byte, 5)
	binary.BigEndian.PutUint32(params, 0) // copy range: no payload
	params[4] = copyMeta
	config.attr(attrConfigParams, params)
	config.attr(attrConfigMaxLen, be32(maxLen))
	config.attr(attrConfigMask, be32(flagFailOpen))
	config.attr(attrConfigFlags, be32(0))
	if err := q.send(config.bytes()); err != nil {
		q.close()
		return nil, fmt.Errorf("configure queue %d: %w", num, err)
	}
	if err := q.awaitAck(config.seq); err != nil {
		q.close()
		return nil, fmt.Errorf("bind queue %d: %w", num, err)
	}
	return q, nil
}

func (q *queue) nextSeq() uint32 { q.seq++; return q.seq }

func (q *queue) send(b []byte) error {
	return syscall.Sendto(q.fd, b, 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK})
}

// awaitAck reads until the kernel's answer to request seq: an acknowledgement (error 0) or a refusal.
func (q *queue) awaitAck(seq uint32) error {
	buf := make([]byte, 8192)
	for {
		n, _, err := syscall.Recvfrom(q.fd, buf, 0)
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			return err
		}
		for _, m := range splitMessages(buf[:n]) {
			if m.kind == syscall.NLMSG_ERROR && m.seq == seq && len(m.body) >= 4 {
				if code := int32(native.Uint32(m.body)); code != 0 {
					return syscall.Errno(-code)
				}
				return nil
			}
		}
	}
}

// errTimeout: no packet within the receive timeout.
var errTimeout = errors.New("receive timeout")

// errOverrun: the socket's buffer overflowed; the kernel dropped the packets whose messages did not fit.
var errOverrun = errors.New("receive buffer overrun")

// receive reads one datagram and returns the ids of the packets it carries.
func (q *queue) receive(buf []byte, ids []uint32) ([]uint32, error) {
	n, _, err := syscall.Recvfrom(q.fd, buf, 0)
	switch {
	case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EINTR):
		return ids, errTimeout
	case errors.Is(err, syscall.ENOBUFS):
		return ids, errOverrun
	case err != nil:
		return ids, err
	}
	for _, m := range splitMessages(buf[:n]) {
		if m.kind != msgPacket || len(m.body) < nfgenHeaderBytes {
			continue
		}
		if id, ok := packetID(m.body[nfgenHeaderBytes:]); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// verdicts sends one verdict message per packet, all in one datagram.
func (q *queue) verdicts(ids []uint32, verdict uint32) error {
	if len(ids) == 0 {
		return nil
	}
	out := make([]byte, 0, len(ids)*32)
	for _, id := range ids {
		m := newMessage(msgVerdict, syscall.NLM_F_REQUEST, q.nextSeq(), q.num)
		header := make([]byte, 8)
		binary.BigEndian.PutUint32(header[0:], verdict)
		binary.BigEndian.PutUint32(header[4:], id)
		m.attr(attrVerdictHeader, header)
		out = append(out, m.bytes()...)
	}
	return q.send(out)
}

func (q *queue) close() { syscall.Close(q.fd) }

// packetID reads NFQA_PACKET_HDR (struct nfqnl_msg_packet_hdr: be32 packet_id, be16 hw_protocol, u8 hook).
func packetID(attrs []byte) (uint32, bool) {
	for len(attrs) >= 4 {
		length := int(native.Uint16(attrs))
		if length < 4 || length > len(attrs) {
			return 0, false
		}
		if native.Uint16(attrs[2:])&attrTypeMask == attrPacketHeader && length >= 8 {
			return binary.BigEndian.Uint32(attrs[4:]), true
		}
		attrs = attrs[min(align4(length), len(attrs)):]
	}
	return 0, false
}

type netlinkMessage struct {
	kind uint16
	seq  uint32
	body []byte
}

func splitMessages(b []byte) []netlinkMessage {
	var out []netlinkMessage
	for len(b) >= netlinkHeaderBytes {
		length := int(native.Uint32(b))
		if length < netlinkHeaderBytes || length > len(b) {
			break
		}
		out = append(out, netlinkMessage{kind: native.Uint16(b[4:]), seq: native.Uint32(b[8:]), body: b[netlinkHeaderBytes:length]})
		b = b[min(align4(length), len(b)):]
	}
	return out
}

// message builds one netlink message: nlmsghdr, nfgenmsg (the queue number in network order), attributes.
type message struct {
	buf []byte
	seq uint32
}

func newMessage(kind, flags uint16, seq uint32, queueNum uint16) *message {
	buf := make([]byte, netlinkHeaderBytes+nfgenHeaderBytes, 64)
	native.PutUint16(buf[4:], kind)
	native.PutUint16(buf[6:], flags)
	native.PutUint32(buf[8:], seq)
	buf[16] = syscall.AF_UNSPEC
	buf[17] = 0 // NFNETLINK_V0
	binary.BigEndian.PutUint16(buf[18:], queueNum)
	return &message{buf: buf, seq: seq}
}

func (m *message) attr(kind uint16, payload []byte) {
	header := make([]byte, 4)
	native.PutUint16(header, uint16(4+len(payload)))
	native.PutUint16(header[2:], kind)
	m.buf = append(m.buf, header...)
	m.buf = append(m.buf, payload...)
	for len(m.buf)%4 != 0 {
		m.buf = append(m.buf, 0)
	}
}

func (m *message) bytes() []byte {
	native.PutUint32(m.buf, uint32(len(m.buf)))
	return m.buf
}

func align4(n int) int { return (n + 3) &^ 3 }

func be32(v uint32) []byte { b := make([]byte, 4); binary.BigEndian.PutUint32(b, v); return b }
