/*
 * wire.h: the varints of protobuf's wire format, for the code that walks
 * or writes packed messages itself (the codec's item counts and event
 * spans, the envelope's walk and head, the protocol's batch heads) rather
 * than through protobuf-c. One reading, one writing: what protobuf-c does.
 */
#ifndef QP_WIRE_H
#define QP_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of v as a varint (1 to 10). */
static inline size_t
wire_varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Writes v at p (room for wire_varint_len(v) bytes); returns that length. */
static inline size_t
wire_varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Reads a varint of at most 10 bytes from p (len bytes), as protobuf-c
 * does (bits past 64 dropped); its length, 0 when cut or longer. */
static inline size_t
wire_varint_get(const uint8_t *p, size_t len, uint64_t *v)
{
	uint64_t r = 0;

	for (size_t i = 0; i < len && i < 10; i++) {
		r |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if ((p[i] & 0x80) == 0) {
			*v = r;
			return i + 1;
		}
	}
	return 0;
}

#endif
