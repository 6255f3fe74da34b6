#!/usr/bin/env bash
# Test PKI for the TLS tests, generated at test time (nothing secret is committed).
# Usage: gen-certs.sh OUTDIR      (idempotent: does nothing when OUTDIR/ca.pem exists)
#
#   ca.pem / ca.key                  test root CA: the only thing a client should trust
#   leaf.pem / leaf.key              server cert signed by the CA; SAN localhost, 127.0.0.1, ::1
#   expired.pem / expired.key        same SAN, signed by the CA, valid 2020-01-01 .. 2020-01-02 only
#   selfsigned.pem / selfsigned.key  same SAN, self-signed (not from the CA)
#   client.pem / client.key          client cert (extendedKeyUsage clientAuth) signed by the CA
#   client-enc.key                   client.key encrypted (AES-256, passphrase "secret")
#   client.der / client.key.der      client cert and key in DER
#   client.p12 / client-nopass.p12   client cert + key as PKCS#12, password "secret" / empty
#   inter.pem / inter.key            intermediate CA signed by the CA
#   chain-leaf.pem / chain-leaf.key  server cert (same SAN) signed by the intermediate, leaf only:
#                                    served alone it is an incomplete chain
#   chain-full.pem                   chain-leaf.pem followed by inter.pem (a complete chain)
#   wronghost.pem / wronghost.key    signed by the CA, SAN only wrong.host.example
#   leaf.pin                         "sha256//<base64 SPKI hash>" of leaf.pem (CURLOPT_PINNEDPUBLICKEY form)
#   ca.pin                           the same for ca.pem (a pin that never matches a server)
#
# EC P-256 keys: key generation is what costs time, and EC keeps the whole run well under a second.
set -euo pipefail
OUT=${1:?usage: gen-certs.sh OUTDIR}
[ -f "$OUT/ca.pem" ] && exit 0
mkdir -p "$OUT"
# Build in a scratch dir next to OUT and move the results in with ca.pem last, so an interrupted
# run never leaves a ca.pem that would make the next run skip generation.
WORK=$(mktemp -d "$OUT/.gen.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

SAN="DNS:localhost,IP:127.0.0.1,IP:::1"
DAYS=3650
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
csr() { openssl req -new -key "$1.key" -subj "/O=nethttp test/CN=$2" -out "$1.csr"; }

# root CA
newkey ca.key
openssl req -x509 -new -key ca.key -days $DAYS -subj "/O=nethttp test/CN=nethttp test root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

cat > server.ext <<EOF2
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$SAN
EOF2
cat > client.ext <<'EOF2'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
EOF2

# valid server leaf
newkey leaf.key
csr leaf localhost
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 0x1001 -days $DAYS \
  -extfile server.ext -out leaf.pem 2>/dev/null

# client certificate
newkey client.key
csr client "nethttp test client"
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -set_serial 0x1002 -days $DAYS \
  -extfile client.ext -out client.pem 2>/dev/null

# expired leaf: OpenSSL 3.0's `x509 -req` cannot set a start date in the past; `openssl ca` can.
mkdir db; : > db/index.txt; echo 1003 > db/serial
cat > ca.cnf <<EOF2
[ca]
default_ca = tca
[tca]
database = db/index.txt
serial = db/serial
new_certs_dir = db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
organizationName = optional
[server]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$SAN
EOF2
newkey expired.key
csr expired localhost
openssl ca -batch -config ca.cnf -extensions server -notext -startdate 20200101000000Z \
  -enddate 20200102000000Z -in expired.csr -out expired.pem 2>/dev/null

# self-signed leaf (valid dates and names; only the issuer is wrong)
newkey selfsigned.key
openssl req -x509 -new -key selfsigned.key -days $DAYS -subj "/O=nethttp test/CN=localhost" \
  -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" \
  -addext "subjectAltName=$SAN" -out selfsigned.pem

# client key and certificate in the other encodings clientCert accepts
openssl pkey -in client.key -aes256 -passout pass:secret -out client-enc.key
openssl x509 -in client.pem -outform DER -out client.der
openssl pkey -in client.key -outform DER -out client.key.der
openssl pkcs12 -export -in client.pem -inkey client.key -passout pass:secret -out client.p12
openssl pkcs12 -export -in client.pem -inkey client.key -passout pass: -out client-nopass.p12

# intermediate CA and a leaf it signed (served without the intermediate: incomplete chain)
cat > inter.ext <<'EOF2'
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
EOF2
newkey inter.key
openssl req -new -key inter.key -subj "/O=nethttp test/CN=nethttp test intermediate CA" -out inter.csr
openssl x509 -req -in inter.csr -CA ca.pem -CAkey ca.key -set_serial 0x1004 -days $DAYS \
  -extfile inter.ext -out inter.pem 2>/dev/null
newkey chain-leaf.key
csr chain-leaf localhost
openssl x509 -req -in chain-leaf.csr -CA inter.pem -CAkey inter.key -set_serial 0x2001 -days $DAYS \
  -extfile server.ext -out chain-leaf.pem 2>/dev/null
cat chain-leaf.pem inter.pem > chain-full.pem

# valid dates and issuer, wrong name
sed "s|^subjectAltName=.*|subjectAltName=DNS:wrong.host.example|" server.ext > wronghost.ext
newkey wronghost.key
csr wronghost wrong.host.example
openssl x509 -req -in wronghost.csr -CA ca.pem -CAkey ca.key -set_serial 0x1005 -days $DAYS \
  -extfile wronghost.ext -out wronghost.pem 2>/dev/null

pin() {
  openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER \
    | openssl dgst -sha256 -binary | openssl enc -base64
}
echo "sha256//$(pin leaf.pem)" > leaf.pin
echo "sha256//$(pin ca.pem)" > ca.pin

chmod 600 ./*.key
mv leaf.pem leaf.key expired.pem expired.key selfsigned.pem selfsigned.key \
   client.pem client.key client-enc.key client.der client.key.der client.p12 client-nopass.p12 \
   inter.pem inter.key chain-leaf.pem chain-leaf.key chain-full.pem wronghost.pem wronghost.key \
   leaf.pin ca.pin ca.key "$OUT/"
mv ca.pem "$OUT/"
