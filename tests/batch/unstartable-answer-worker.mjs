// A worker entry that fails before it is ready, as one whose dependencies cannot load would.
throw new Error('this worker cannot start');
