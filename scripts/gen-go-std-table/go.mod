module arm64-port/scripts/gen-go-std-table

go 1.22
