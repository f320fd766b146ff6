#include "qp_error.h"

#include "i18n.h"

const char *
qp_strerror(int err)
{
	switch (err) {
	case QP_OK: return N_("success");
	case QP_EINVAL: return N_("invalid value");
	case QP_ENOMEM: return N_("out of memory");
	case QP_EIO: return N_("input/output error");
	case QP_EFULL: return N_("store full (map at its configured maximum)");
	case QP_ENOTFOUND: return N_("not found");
	case QP_EEXIST: return N_("already exists");
	case QP_EBADBOX: return N_("sealed box does not open");
	case QP_EKEYPERM: return N_("secret key file is readable by group or others");
	case QP_ETOOBIG: return N_("over the size limit");
	case QP_EDECODE: return N_("malformed message");
	case QP_ECONFIG: return N_("invalid configuration");
	case QP_ESTORE: return N_("store error");
	case QP_ENOSPC: return N_("disk full (no space left where the store is)");
	case QP_EDAMAGED: return N_("store damaged");
	}
	return N_("unknown error");
}

const char *
qp_errtext(int err)
{
	return _(qp_strerror(err));
}
