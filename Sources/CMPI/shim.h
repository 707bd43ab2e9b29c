// Open MPI from Debian (libopenmpi-dev). Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are
// macros that take the address of library globals, which Swift does not import; these inline functions
// return them.
#include <mpi.h>

static inline MPI_Comm sensevec_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype sensevec_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype sensevec_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype sensevec_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op sensevec_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op sensevec_mpi_max(void) { return MPI_MAX; }
static inline MPI_Errhandler sensevec_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline void *sensevec_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int sensevec_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int sensevec_mpi_success(void) { return MPI_SUCCESS; }
static inline int sensevec_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
static inline MPI_Datatype sensevec_mpi_int(void) { return MPI_INT; }
static inline MPI_Op sensevec_mpi_min(void) { return MPI_MIN; }
static inline MPI_Datatype sensevec_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Op sensevec_mpi_bor(void) { return MPI_BOR; }
static inline MPI_Datatype sensevec_mpi_uint16(void) { return MPI_UINT16_T; }
static inline MPI_Info sensevec_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline int sensevec_mpi_undefined(void) { return MPI_UNDEFINED; }
static inline MPI_Comm sensevec_mpi_comm_null(void) { return MPI_COMM_NULL; }
