# Base layer of the serving image, for teams that build with Docker or Cloud Build.
# Same content as `mlops deploy build`'s base layer (src/Deploy/Image/BaseLayer.cs): the shared libraries a
# self-contained .NET app, libonnxruntime and libstb load, CA certificates, a non-root user, /tmp. No shell.
# (Docker stamps its own times, so the digests differ from ours; the file layout is the same.)
#   docker build -f dockerfiles/base.Dockerfile -t mlops-base .
FROM debian:12-slim AS host
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 libstdc++6 libstb0 \
 && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /rootfs/lib/x86_64-linux-gnu /rootfs/lib64 /rootfs/etc/ssl/certs /rootfs/tmp /rootfs/root /rootfs/home/nonroot \
 && for lib in ld-linux-x86-64.so.2 libc.so.6 libdl.so.2 libm.so.6 libpthread.so.0 librt.so.1 libgcc_s.so.1 libstdc++.so.6 \
               libssl.so.3 libcrypto.so.3 libstb.so.0; do \
      cp -L "/lib/x86_64-linux-gnu/$lib" "/rootfs/lib/x86_64-linux-gnu/$lib"; \
    done \
 && ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 /rootfs/lib64/ld-linux-x86-64.so.2 \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nnonroot:x:65532:\n' > /rootfs/etc/group \
 && printf 'hosts: files dns\n' > /rootfs/etc/nsswitch.conf \
 && chmod 1777 /rootfs/tmp && chmod 0700 /rootfs/root && chown 65532:65532 /rootfs/home/nonroot

FROM scratch
COPY --from=host /rootfs/ /
