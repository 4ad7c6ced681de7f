namespace linkform::emulator {}
