// A product's first image, small: a library image as a variant that size, another address as
// it is, or a blank square.

import { Package } from "lucide-react";
import { mediaPathId, variantUrl } from "../../media/media";
import type { Product } from "../store";

/** What an image address shows at `px` pixels square (twice that for sharp screens). */
export function thumbUrl(url: string, px: number): string {
  return mediaPathId(url) ? variantUrl(url, px * 2, px * 2, "image") : url;
}

export function ProductThumb({ product, size }: { product: Product; size: number }) {
  const url = product.media?.items?.[0]?.image?.url;
  if (!url) {
    return (
      <span className="store-thumb store-thumb-empty" style={{ width: size, height: size }}>
        <Package size={size / 2} aria-hidden="true" />
      </span>
    );
  }
  return <img className="store-thumb" src={thumbUrl(url, size)} alt="" width={size} height={size} loading="lazy" />;
}
