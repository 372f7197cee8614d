;; The neural layer's two sums (src/analysis/mlp.ts), in WebAssembly SIMD. Compiled into
;; src/analysis/mlp-kernel.ts by `npx tsx src/analysis/mlp-kernel.build.ts`; a test checks the two agree.
;;
;; Every cell is computed as the JavaScript in mlp.ts computes it — a signed byte converted to a
;; double, times a double, added to a double, in the same order — two lanes at a time, so the
;; results are the same to the last bit (IEEE 754 arithmetic is exact per operation).
(module
  (memory (export "memory") 1)

  ;; pre[j] += rows[idx[k] + j] * sv[k] for k < n, j < hidden (hidden a multiple of 16).
  ;; pre: hidden doubles; rows: signed bytes; idx: n int32 byte offsets into rows; sv: n doubles.
  (func (export "accumulate")
    (param $pre i32) (param $rows i32) (param $idx i32) (param $sv i32) (param $n i32) (param $hidden i32)
    (local $k i32) (local $r i32) (local $end i32) (local $p i32)
    (local $s v128) (local $b v128) (local $w v128) (local $x v128)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $r (i32.add (local.get $rows)
          (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $s (f64x2.splat (f64.load (i32.add (local.get $sv) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $end (i32.add (local.get $r) (local.get $hidden)))
        (local.set $p (local.get $pre))
        (loop $cells
          (local.set $b (v128.load (local.get $r)))
        (local.set $w (i16x8.extend_low_i8x16_s (local.get $b)))
        (local.set $x (i32x4.extend_low_i16x8_s (local.get $w)))
        (v128.store offset=0 (local.get $p)
          (f64x2.add (v128.load offset=0 (local.get $p))
            (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (local.get $s))))
        (v128.store offset=16 (local.get $p)
          (f64x2.add (v128.load offset=16 (local.get $p))
            (f64x2.mul
              (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
              (local.get $s))))
        (local.set $x (i32x4.extend_high_i16x8_s (local.get $w)))
        (v128.store offset=32 (local.get $p)
          (f64x2.add (v128.load offset=32 (local.get $p))
            (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (local.get $s))))
        (v128.store offset=48 (local.get $p)
          (f64x2.add (v128.load offset=48 (local.get $p))
            (f64x2.mul
              (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
              (local.get $s))))
        (local.set $w (i16x8.extend_high_i8x16_s (local.get $b)))
        (local.set $x (i32x4.extend_low_i16x8_s (local.get $w)))
        (v128.store offset=64 (local.get $p)
          (f64x2.add (v128.load offset=64 (local.get $p))
            (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (local.get $s))))
        (v128.store offset=80 (local.get $p)
          (f64x2.add (v128.load offset=80 (local.get $p))
            (f64x2.mul
              (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
              (local.get $s))))
        (local.set $x (i32x4.extend_high_i16x8_s (local.get $w)))
        (v128.store offset=96 (local.get $p)
          (f64x2.add (v128.load offset=96 (local.get $p))
            (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (local.get $s))))
        (v128.store offset=112 (local.get $p)
          (f64x2.add (v128.load offset=112 (local.get $p))
            (f64x2.mul
              (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
              (local.get $s))))
          (local.set $p (i32.add (local.get $p) (i32.const 128)))
          (local.set $r (i32.add (local.get $r) (i32.const 16)))
          (br_if $cells (i32.lt_u (local.get $r) (local.get $end))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; z[l] = b2[l] + sum over j with pre[j] > 0 (in order) of w2[j * labels + l] * pre[j].
  (func (export "outputs")
    (param $pre i32) (param $w2 i32) (param $b2 i32) (param $z i32) (param $hidden i32) (param $labels i32)
    (local $j i32) (local $l i32) (local $h f64) (local $hv v128) (local $row i32) (local $pairs i32)
    (local.set $pairs (i32.and (local.get $labels) (i32.const -2)))
    (memory.copy (local.get $z) (local.get $b2) (i32.shl (local.get $labels) (i32.const 3)))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $j) (local.get $hidden)))
        (local.set $h (f64.load (i32.add (local.get $pre) (i32.shl (local.get $j) (i32.const 3)))))
        (if (i32.eqz (f64.le (local.get $h) (f64.const 0)))
          (then
            (local.set $hv (f64x2.splat (local.get $h)))
            (local.set $row (i32.add (local.get $w2)
              (i32.shl (i32.mul (local.get $j) (local.get $labels)) (i32.const 3))))
            (local.set $l (i32.const 0))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.ge_u (local.get $l) (local.get $pairs)))
                (v128.store (i32.add (local.get $z) (i32.shl (local.get $l) (i32.const 3)))
                  (f64x2.add
                    (v128.load (i32.add (local.get $z) (i32.shl (local.get $l) (i32.const 3))))
                    (f64x2.mul
                      (v128.load (i32.add (local.get $row) (i32.shl (local.get $l) (i32.const 3))))
                      (local.get $hv))))
                (local.set $l (i32.add (local.get $l) (i32.const 2)))
                (br $pair)))
            (if (i32.lt_u (local.get $l) (local.get $labels))
              (then
                (f64.store (i32.add (local.get $z) (i32.shl (local.get $l) (i32.const 3)))
                  (f64.add
                    (f64.load (i32.add (local.get $z) (i32.shl (local.get $l) (i32.const 3))))
                    (f64.mul
                      (f64.load (i32.add (local.get $row) (i32.shl (local.get $l) (i32.const 3))))
                      (local.get $h))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $unit)))))
