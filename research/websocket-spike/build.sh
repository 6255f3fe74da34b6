#!/bin/sh
# build one spike program: ./build.sh name
cd /tmp/wsspike
cc -O1 -g -Wall -I/work/prof/target/release/build/curl-sys-c0afc73290404a59/out/include -o $1 $1.c /work/prof/target/release/build/curl-sys-c0afc73290404a59/out/build/libcurl.a /work/prof/target/release/build/libnghttp2-sys-b3243cf90cc7c7c5/out/i/lib/libnghttp2.a -lssl -lcrypto -lz -lpthread -ldl
