/* confdefs.h */
#define PACKAGE_NAME "basalt"
#define PACKAGE_TARNAME "basalt"
#define PACKAGE_VERSION "0.1"
#define PACKAGE_STRING "basalt 0.1"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_URL ""
#define PACKAGE "basalt"
#define VERSION "0.1"
