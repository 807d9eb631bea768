/* The public header is self-contained: this file includes nothing before
 * it, and builds with every test build (a missing include fails the build). */
#include "x509strict.h"

const char *xs_header_alone(void);
const char *xs_header_alone(void)
{
    return xs_status_string(XS_OK);
}
