/*
 * qp_error.h: the one error vocabulary of libqpcommon.
 *
 * Every common/ function that can fail returns 0 on success or one of these
 * negative codes; errno, LMDB, ZeroMQ and libsodium codes are mapped at the
 * boundary. The programs turn them into exit codes (SPEC §6).
 */
#ifndef QP_ERROR_H
#define QP_ERROR_H

#define QP_MUST_CHECK __attribute__((warn_unused_result))

enum qp_err {
	QP_OK = 0,
	QP_EINVAL = -1,     /* bad input: a value that does not parse or fit */
	QP_ENOMEM = -2,     /* out of memory */
	QP_EIO = -3,        /* a system call or library failed; see errno/log */
	QP_EFULL = -4,      /* the store reached its configured maximum size */
	QP_ENOTFOUND = -5,  /* no such key, file or record */
	QP_EEXIST = -6,     /* already there */
	QP_EBADBOX = -7,    /* a sealed box does not open (wrong key, tampered) */
	QP_EKEYPERM = -8,   /* a secret key file that group or others can read */
	QP_ETOOBIG = -9,    /* over a size cap */
	QP_EDECODE = -10,   /* malformed protobuf or envelope */
	QP_ECONFIG = -11,   /* a config file that does not parse */
	QP_ESTORE = -12,    /* an LMDB error other than a full map */
	QP_ENOSPC = -13,    /* the file system holding the store is full */
	QP_EDAMAGED = -14,  /* the store's file is damaged: a page that does not
	                       read as LMDB wrote it, or not an LMDB file */
};

/*
 * A static English description of `err`; never NULL. For log lines, which
 * stay English; its texts are in the catalogue (N_).
 */
const char *qp_strerror(int err);

/*
 * The same description for people: translated through the catalogue under
 * their locale (French at the sites and the centre). For messages the
 * commands and pages print, never for log lines.
 */
const char *qp_errtext(int err);

#endif
