/**
 * A valid input for the point-evaluation precompile (0x0a, EIP-4844), made once with
 * micro-eth-signer's KZG (computing a proof takes seconds): the blob whose i-th field element is
 * i % 7, evaluated at z = 5. Laid out as the precompile reads it: versioned hash (32 bytes), z
 * (32), y (32), commitment (48), proof (48).
 */
export const POINT_EVALUATION = `0x${"00".repeat(19)}0a`;

export const POINT_EVALUATION_INPUT =
  "0x01d797bc560a312004f42dc45d28401947dde6ff2eadaaba2151b5f0d3df26f80000000000000000000000000000000000000000000000000000000000000005066966fe6c120ffc158f8a93ff48c3554cc1ba694cb357dd3d436a3a9837f16ea1c0a2d54478e297b89bd046caf6b9eeef8188aa7f2181e6c52ac658ae3d4da852a8bde38a6bf93312e1e6d1691ba9928687204c280b284b5f61bbd60b54b6dcc21cc63f12539a2b555214b1ca94d81528937efbd070ec2080326e5adce0d916";

/** The input's parts, as hex without 0x. */
export function pointEvaluationParts(input = POINT_EVALUATION_INPUT) {
  const hex = input.slice(2);
  return {
    versionedHash: hex.slice(0, 64),
    z: hex.slice(64, 128),
    y: hex.slice(128, 192),
    commitment: hex.slice(192, 288),
    proof: hex.slice(288, 384),
  };
}
