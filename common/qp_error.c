#include "qp_error.h"

const char *
qp_strerror(int err)
{
	switch (err) {
	case QP_OK: return "success";
	case QP_EINVAL: return "invalid value";
	case QP_ENOMEM: return "out of memory";
	case QP_EIO: return "input/output error";
	case QP_EFULL: return "store full (map at its configured maximum)";
	case QP_ENOTFOUND: return "not found";
	case QP_EEXIST: return "already exists";
	case QP_EBADBOX: return "sealed box does not open";
	case QP_EKEYPERM: return "secret key file is readable by group or others";
	case QP_ETOOBIG: return "over the size limit";
	case QP_EDECODE: return "malformed message";
	case QP_ECONFIG: return "invalid configuration";
	case QP_ESTORE: return "store error";
	case QP_ENOSPC: return "disk full (no space left where the store is)";
	}
	return "unknown error";
}
